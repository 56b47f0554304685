"""The verdict of a call: was the customer the assessment flagged in fact unhappy, and about what.

Asked when a call reached the customer (the task page, the API, the note after a call through
the app) and optional: a manager in a hurry closes the task without it. `partly` counts as a
right call in the quality figures (followup/quality_report.py).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from followup import call_topics
from followup.models import CallAttempt, TaskEvent, User
from followup.retry_policy import AttemptError

UNHAPPY, FALSE_ALARM, PARTLY = "unhappy", "false_alarm", "partly"
VERDICTS = (UNHAPPY, FALSE_ALARM, PARTLY)
VERDICT_LABELS = {
    UNHAPPY: "Yes, unhappy",
    FALSE_ALARM: "No, a false alarm",
    PARTLY: "Partly",
}
RIGHT_CALLS = (UNHAPPY, PARTLY)


def check(session: Session, outcome: str, verdict: str | None, topic: str | None) -> None:
    """AttemptError (422) for an unknown verdict or topic, or either on a call that reached nobody."""
    if verdict is None and topic is None:
        return
    if outcome != "reached":
        field = "verdict" if verdict is not None else "topic"
        raise AttemptError(field, "only a call that reached the customer has a verdict or topic")
    if verdict is not None and verdict not in VERDICTS:
        raise AttemptError("verdict", f"must be one of {', '.join(VERDICTS)}")
    if topic is not None:
        known = call_topics.labels(session)
        if topic not in known:
            raise AttemptError("topic", f"must be one of {', '.join(known)}")


def record(
    session: Session,
    attempt: CallAttempt,
    verdict: str | None,
    topic: str | None,
    user: User | None,
    now: datetime,
) -> None:
    """Set what is given (None leaves a value as it was) on an attempt, after the fact too."""
    check(session, attempt.outcome, verdict, topic)
    changed = []
    if verdict is not None and verdict != attempt.verdict:
        attempt.verdict = verdict
        changed.append(f"verdict {verdict.replace('_', ' ')}")
    if topic is not None and topic != attempt.topic:
        attempt.topic = topic
        changed.append(f"topic {topic}")
    if changed:
        detail = f"attempt {attempt.id}: " + ", ".join(changed)
        who = user.id if user else None
        session.add(
            TaskEvent(task_id=attempt.task_id, user_id=who, kind="verdict", detail=detail, created_at=now)
        )
