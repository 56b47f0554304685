"""The answers a person judged, one row each: the ground truth of the quality figures, of
`flask assessment calibrate` and of the export the trainer learns from.

An answer is judged by the verdict of a call that reached the customer, or by a manager's
spot check. When it has both (a spot check said "call them", then the call said how it was),
the call's verdict wins: the manager who spoke to the customer knows best. Of several verdicts
the latest counts.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from followup.feedback_models import SpotCheck
from followup.models import CallAttempt, FollowupTask
from survey.assessment_labels import SPOT_CHECK, UNHAPPY_LABELS, VERDICT
from survey.models import Assessment, Customer, Response, Survey

CHUNK = 500  # ids per query: well under every database's limit of bound parameters


@dataclass(frozen=True)
class Judged:
    response_id: int
    text: str
    rating: int | None
    unhappiness: float
    flagged: bool  # the assessment read it as unhappy
    reasons: list[str]
    label: str  # unhappy | partly | false_alarm (a verdict) or unhappy | fine (a spot check)
    source: str  # verdict | spot_check
    topic: str | None
    note: str  # what was said on the call, if a call judged it
    task_id: int | None
    answered_at: datetime
    judged_at: datetime  # the call, or the spot check's reading
    spot_checked: bool  # drawn into a spot check's random sample (and read)
    erased: bool

    @property
    def unhappy(self) -> bool:
        return self.label in UNHAPPY_LABELS


def judged_answers(session: Session, period: tuple[datetime, datetime] | None = None) -> list[Judged]:
    """Every judged answer with an assessment, oldest answer first.

    With a `period` [start, end), only what the quality figures of that period stand on, so a
    dashboard reads a month, not the years: verdicts of calls made in it, and spot checks of
    answers given in it (with the verdicts on those answers, whenever given, which win).
    """
    read = select(SpotCheck).where(SpotCheck.label.is_not(None))
    if period is not None:
        read = read.join(Response, Response.id == SpotCheck.response_id).where(
            Response.updated_at >= period[0], Response.updated_at < period[1]
        )
    checks = {check.response_id: check for check in session.scalars(read)}
    calls = (
        select(CallAttempt, FollowupTask.response_id)
        .join(FollowupTask, FollowupTask.id == CallAttempt.task_id)
        .where(CallAttempt.verdict.is_not(None))
        .order_by(CallAttempt.id)
    )
    if period is not None:
        in_period = and_(CallAttempt.created_at >= period[0], CallAttempt.created_at < period[1])
        calls = calls.where(or_(in_period, FollowupTask.response_id.in_(list(checks))))
    verdicts = {}
    for attempt, response_id in session.execute(calls):
        verdicts[response_id] = attempt  # the latest wins
    found = []
    for response, assessment, erased_at in _answers(session, sorted(verdicts.keys() | checks.keys())):
        call, check = verdicts.get(response.id), checks.get(response.id)
        found.append(
            Judged(
                response_id=response.id,
                text=response.comment,
                rating=response.rating,
                unhappiness=assessment.unhappiness,
                flagged=assessment.unhappy,
                reasons=list(assessment.reasons),
                label=call.verdict if call else check.label,
                source=VERDICT if call else SPOT_CHECK,
                topic=call.topic if call else None,
                note=call.note if call else "",
                task_id=call.task_id if call else check.task_id,
                answered_at=response.updated_at,
                judged_at=call.created_at if call else check.reviewed_at,
                spot_checked=check is not None,
                erased=erased_at is not None,
            )
        )
    return sorted(found, key=lambda judged: (judged.answered_at, judged.response_id))


def _answers(session: Session, ids: list[int]) -> Iterator[tuple[Response, Assessment, datetime | None]]:
    for start in range(0, len(ids), CHUNK):
        yield from session.execute(
            select(Response, Assessment, Customer.erased_at)
            .join(Assessment, Assessment.response_id == Response.id)
            .join(Survey, Survey.id == Response.survey_id)
            .join(Customer, Customer.id == Survey.customer_id)
            .where(Response.id.in_(ids[start : start + CHUNK]))
        )


def scores(session: Session, since: datetime, until: datetime) -> list[tuple[float, int | None, bool]]:
    """(unhappiness, rating, flagged) of every assessed answer given in [since, until)."""
    rows = session.execute(
        select(Assessment.unhappiness, Response.rating, Assessment.unhappy)
        .join(Response, Response.id == Assessment.response_id)
        .where(Response.updated_at >= since, Response.updated_at < until)
    )
    return [(unhappiness, rating, flagged) for unhappiness, rating, flagged in rows]
