"""How well the assessment works for this team over a period: the dashboard's section and
`GET /api/assessment/quality`.

Precision comes from the verdicts of calls made in the period on answers the assessment
flagged (`partly` counts as right). Recall comes from the spot checks of answers given in the
period: their miss rate, scaled to every answer read as fine, estimates the unhappy customers
nobody called (the method and its limits are in followup/quality_estimates.py and the README).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from followup import call_topics
from followup.api_schemas import utc_iso
from followup.labelled_answers import Judged, judged_answers
from followup.models import CallAttempt
from followup.periods import Period, week_starts
from followup.quality_estimates import Estimate, proportion, recall
from followup.verdicts import FALSE_ALARM
from survey.assessment_labels import VERDICT
from survey.models import Assessment, Response


@dataclass(frozen=True)
class Quality:
    period: Period
    precision: Estimate
    recall: Estimate
    flagged: int  # answers given in the period that the assessment read as unhappy
    read_fine: int  # ... and as fine
    misses_found: int  # spot checks of the period's answers that found an unhappy customer
    false_alarms: list[Judged]
    misses: list[Judged]
    topic_weeks: list[tuple[datetime, Counter]]  # (week start, topic key -> calls) in order
    topic_labels: dict[str, str]

    def as_json(self) -> dict:
        return {
            "from": self.period.first_day.isoformat(),
            "to": self.period.last_day.isoformat(),
            "precision": self.precision.as_json(),
            "recall": self.recall.as_json(),
            "answers": {"read_unhappy": self.flagged, "read_fine": self.read_fine},
            "spot_checks": {"read": self.recall.n, "unhappy": self.misses_found},
            "false_alarms": [_case(judged) for judged in self.false_alarms],
            "misses": [_case(judged) for judged in self.misses],
            "topics": [
                {"week": start.astimezone(self.period.zone).date().isoformat(), "counts": dict(counts)}
                for start, counts in self.topic_weeks
            ],
        }


def quality(session: Session, period: Period) -> Quality:
    judged = judged_answers(session, (period.start, period.end))
    in_period = _between(period)
    verdicts = [j for j in judged if j.source == VERDICT and j.flagged and in_period(j.judged_at)]
    checked = [j for j in judged if j.spot_checked and not j.flagged and in_period(j.answered_at)]
    right = sum(1 for j in verdicts if j.unhappy)
    found = [j for j in checked if j.unhappy]
    rows = session.execute(
        select(Assessment.unhappy, func.count())
        .join(Response, Response.id == Assessment.response_id)
        .where(Response.updated_at >= period.start, Response.updated_at < period.end)
        .group_by(Assessment.unhappy)
    )
    counts = {unhappy: count for unhappy, count in rows}
    flagged, read_fine = counts.get(True, 0), counts.get(False, 0)
    return Quality(
        period=period,
        precision=proportion(right, len(verdicts)),
        recall=recall(flagged, right, len(verdicts), read_fine, len(found), len(checked)),
        flagged=flagged,
        read_fine=read_fine,
        misses_found=len(found),
        false_alarms=[j for j in verdicts if j.label == FALSE_ALARM],
        misses=found,
        topic_weeks=_topics_by_week(session, period),
        topic_labels=call_topics.labels(session),
    )


def _between(period: Period):
    return lambda moment: period.start <= moment < period.end


def _topics_by_week(session: Session, period: Period) -> list[tuple[datetime, Counter]]:
    """What the calls in the period were about, week by week (Monday in the reader's zone)."""
    starts = week_starts(period)
    weeks: list[tuple[datetime, Counter]] = [(start, Counter()) for start in starts]
    rows = session.execute(
        select(CallAttempt.created_at, CallAttempt.topic).where(
            CallAttempt.topic.is_not(None),
            CallAttempt.created_at >= period.start,
            CallAttempt.created_at < period.end,
        )
    )
    for called_at, topic in rows:
        index = max(i for i, start in enumerate(starts) if start <= called_at)
        weeks[index][1][topic] += 1
    return weeks


def _case(judged: Judged) -> dict:
    """A false alarm or a miss as the API lists it: what was said, why it was read that way."""
    return {
        "response_id": judged.response_id,
        "task_id": judged.task_id,
        "answered_at": utc_iso(judged.answered_at),
        "judged_at": utc_iso(judged.judged_at),
        "rating": judged.rating,
        "comment": judged.text,
        "unhappiness": judged.unhappiness,
        "reasons": judged.reasons,
        "note": judged.note,
        "topic": judged.topic,
    }
