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

from sqlalchemy.orm import Session

from followup import call_topics
from followup.api_schemas import utc_iso
from followup.labelled_answers import Judged, judged_answers
from followup.period_scan import PeriodScan, answers_read, topics_by_week
from followup.periods import Period, week_starts
from followup.quality_estimates import Estimate, proportion, recall
from followup.verdicts import FALSE_ALARM
from survey.assessment_labels import VERDICT


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


def quality(session: Session, period: Period, scan: PeriodScan | None = None) -> Quality:
    """The period's quality; its answer and topic counts from `scan` when the dashboard has one."""
    judged = judged_answers(session, (period.start, period.end))
    in_period = _between(period)
    verdicts = [j for j in judged if j.source == VERDICT and j.flagged and in_period(j.judged_at)]
    checked = [j for j in judged if j.spot_checked and not j.flagged and in_period(j.answered_at)]
    right = sum(1 for j in verdicts if j.unhappy)
    found = [j for j in checked if j.unhappy]
    if scan is None:  # the API's, not the dashboard's: count what the quality needs here
        flagged, read_fine = answers_read(session, period)
        topic_weeks = topics_by_week(session, period)
    else:
        flagged, read_fine, topic_weeks = scan.read_unhappy, scan.read_fine, scan.topic_weeks
    return Quality(
        period=period,
        precision=proportion(right, len(verdicts)),
        recall=recall(flagged, right, len(verdicts), read_fine, len(found), len(checked)),
        flagged=flagged,
        read_fine=read_fine,
        misses_found=len(found),
        false_alarms=[j for j in verdicts if j.label == FALSE_ALARM],
        misses=found,
        topic_weeks=list(zip(week_starts(period), topic_weeks, strict=True)),
        topic_labels=call_topics.labels(session),
    )


def _between(period: Period):
    return lambda moment: period.start <= moment < period.end


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
