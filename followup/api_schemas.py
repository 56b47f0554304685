"""The JSON shapes of the follow-up API; the OpenAPI document is generated from these."""

from __future__ import annotations

from datetime import UTC, datetime

from marshmallow import Schema, ValidationError, fields, validate, validates_schema
from sqlalchemy import Row

from followup.retry_policy import OUTCOMES
from followup.verdicts import VERDICTS


def utc_iso(value: datetime | None) -> str | None:
    """ISO 8601 in UTC with a `Z`, the form the contract shows."""
    if value is None:
        return None
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


class Timestamp(fields.DateTime):
    def _serialize(self, value: datetime | None, attr, obj, **kwargs):
        return utc_iso(value)


class CustomerOut(Schema):
    id = fields.Int()
    name = fields.Str(allow_none=True)
    email = fields.Str(allow_none=True)
    phone = fields.Str(allow_none=True)
    timezone = fields.Str(allow_none=True)


class TicketOut(Schema):
    id = fields.Str(attribute="external_id")
    source = fields.Str()
    subject = fields.Str()
    agent_name = fields.Str(allow_none=True)
    closed_at = Timestamp(allow_none=True)


class ResponseOut(Schema):
    rating = fields.Int(allow_none=True)
    comment = fields.Str()
    answered_at = Timestamp(attribute="updated_at")


class AssessmentOut(Schema):
    unhappy = fields.Bool()
    unhappiness = fields.Float()
    reasons = fields.List(fields.Str())


class AttemptOut(Schema):
    id = fields.Int()
    outcome = fields.Str()
    note = fields.Str()
    callback_at = Timestamp(allow_none=True)
    created_at = Timestamp()
    user = fields.Str(attribute="user.email", allow_none=True)
    verified = fields.Bool(metadata={"description": "logged by a call placed through the app"})
    talk_seconds = fields.Int(allow_none=True)
    verdict = fields.Str(allow_none=True, metadata={"enum": list(VERDICTS)})
    topic = fields.Str(allow_none=True, metadata={"description": "a key of the team's topic list"})


class TaskOut(Schema):
    id = fields.Int()
    status = fields.Str(metadata={"enum": ["open", "closed"]})
    customer = fields.Nested(CustomerOut)
    ticket = fields.Nested(TicketOut, attribute="response.survey.ticket")
    response = fields.Nested(ResponseOut)
    assessment = fields.Nested(AssessmentOut, attribute="response.assessment", allow_none=True)
    attempts = fields.List(fields.Nested(AttemptOut))
    next_attempt_at = Timestamp(allow_none=True)
    escalated = fields.Bool()
    escalation_reason = fields.Str(allow_none=True)
    contact_flagged = fields.Bool()
    opened_at = Timestamp()
    closed_at = Timestamp(allow_none=True)
    assignee = fields.Str(attribute="assignee.email", allow_none=True)


class TaskPage(Schema):
    items = fields.List(fields.Nested(TaskOut))
    next = fields.Str(allow_none=True)


def task_json(row: Row, attempts: list[Row]) -> dict:
    """TaskOut of a queue row (followup.queue, `detail=True`) and its attempts, written out.

    marshmallow's field-by-field dump cost more than the rest of the list request together. As
    TaskOut does, a missing assignee or attempt user leaves the key out rather than null.
    """
    out = {
        "id": row.id,
        "status": row.status,
        "customer": {
            "id": row.customer_id,
            "name": row.customer_name,
            "email": row.customer_email,
            "phone": row.customer_phone,
            "timezone": row.customer_timezone,
        },
        "ticket": {
            "id": row.ticket_id,
            "source": row.ticket_source,
            "subject": row.ticket_subject,
            "agent_name": row.ticket_agent_name,
            "closed_at": utc_iso(row.ticket_closed_at),
        },
        "response": {"rating": row.rating, "comment": row.comment, "answered_at": utc_iso(row.answered_at)},
        "assessment": None
        if row.unhappy is None
        else {"unhappy": row.unhappy, "unhappiness": row.unhappiness, "reasons": row.reasons},
        "attempts": [_attempt_json(attempt) for attempt in attempts],
        "next_attempt_at": utc_iso(row.next_attempt_at),
        "escalated": row.escalated,
        "escalation_reason": row.escalation_reason,
        "contact_flagged": row.contact_flagged,
        "opened_at": utc_iso(row.opened_at),
        "closed_at": utc_iso(row.closed_at),
    }
    if row.assignee_email is not None:
        out["assignee"] = row.assignee_email
    return out


def _attempt_json(attempt: Row) -> dict:
    out = {
        "id": attempt.id,
        "outcome": attempt.outcome,
        "note": attempt.note,
        "callback_at": utc_iso(attempt.callback_at),
        "created_at": utc_iso(attempt.created_at),
        "verified": attempt.verified,
        "talk_seconds": attempt.talk_seconds,
        "verdict": attempt.verdict,
        "topic": attempt.topic,
    }
    if attempt.user_email is not None:
        out["user"] = attempt.user_email
    return out


class ListArgs(Schema):
    status = fields.Str(load_default="open", validate=validate.OneOf(["open", "closed", "all"]))
    cursor = fields.Str(load_default=None)
    limit = fields.Int(load_default=50, validate=validate.Range(min=1, max=200))


_VERDICT = {
    "description": "reached attempts only: was the customer in fact unhappy ('partly' is a right call)"
}
_TOPIC = {"description": "reached attempts only: a key of the team's topic list (settings page)"}


class AttemptIn(Schema):
    outcome = fields.Str(required=True, validate=validate.OneOf(OUTCOMES))
    note = fields.Str(load_default="", validate=validate.Length(max=5000))
    callback_at = fields.AwareDateTime(load_default=None, allow_none=True)
    verdict = fields.Str(
        load_default=None, allow_none=True, validate=validate.OneOf(VERDICTS), metadata=_VERDICT
    )
    topic = fields.Str(load_default=None, allow_none=True, validate=validate.Length(max=40), metadata=_TOPIC)


class AttemptPatchIn(Schema):
    """What can be added to an attempt afterwards: its note, its verdict and topic."""

    note = fields.Str(load_default=None, validate=validate.Length(min=1, max=5000))
    verdict = fields.Str(
        load_default=None, allow_none=True, validate=validate.OneOf(VERDICTS), metadata=_VERDICT
    )
    topic = fields.Str(load_default=None, allow_none=True, validate=validate.Length(max=40), metadata=_TOPIC)

    @validates_schema
    def _something(self, data: dict, **kwargs) -> None:
        if all(data.get(name) is None for name in ("note", "verdict", "topic")):
            raise ValidationError("give a note, a verdict or a topic", "note")


class ExportArgs(Schema):
    from_ = fields.Date(data_key="from", load_default=None)
    to = fields.Date(load_default=None)
    after = fields.Int(load_default=0, validate=validate.Range(min=0, max=2**31 - 1))
    limit = fields.Int(load_default=500, validate=validate.Range(min=1, max=1000))


class ResponseRow(Schema):
    response_id = fields.Int()
    answered_at = fields.Str()
    customer_id = fields.Int()
    customer_name = fields.Str()
    customer_email = fields.Str()
    ticket_id = fields.Str()
    ticket_subject = fields.Str()
    agent = fields.Str()
    rating = fields.Int(allow_none=True)
    comment = fields.Str()
    channel = fields.Str()
    unhappy = fields.Bool(allow_none=True)
    unhappiness = fields.Float(allow_none=True)
    reasons = fields.List(fields.Str())


class ResponseExport(Schema):
    items = fields.List(fields.Nested(ResponseRow))
    next = fields.Int(allow_none=True, metadata={"description": "pass as `after` for the next page"})


class TaskExport(Schema):
    items = fields.List(fields.Nested(TaskOut))
    next = fields.Int(allow_none=True, metadata={"description": "pass as `after` for the next page"})


class QualityArgs(Schema):
    from_ = fields.Date(
        data_key="from", load_default=None, metadata={"description": "a day in your time zone"}
    )
    to = fields.Date(load_default=None, metadata={"description": "a day in your time zone, included"})


class EstimateOut(Schema):
    value = fields.Float(allow_none=True, metadata={"description": "null while n is 0"})
    n = fields.Int()
    interval = fields.List(fields.Float(), metadata={"description": "90% interval [low, high] (Wilson)"})


class JudgedCase(Schema):
    response_id = fields.Int()
    task_id = fields.Int(allow_none=True)
    answered_at = fields.Str()
    judged_at = fields.Str()
    rating = fields.Int(allow_none=True)
    comment = fields.Str()
    unhappiness = fields.Float()
    reasons = fields.List(fields.Str())
    note = fields.Str()
    topic = fields.Str(allow_none=True)


class AnswerCounts(Schema):
    read_unhappy = fields.Int()
    read_fine = fields.Int()


class SpotCheckCounts(Schema):
    read = fields.Int()
    unhappy = fields.Int()


class TopicWeek(Schema):
    week = fields.Str(metadata={"description": "the Monday the week starts, in your time zone"})
    counts = fields.Dict(keys=fields.Str(), values=fields.Int())


class QualityOut(Schema):
    from_ = fields.Str(data_key="from", attribute="from")
    to = fields.Str()
    precision = fields.Nested(
        EstimateOut, metadata={"description": "from the verdicts of the period's calls"}
    )
    recall = fields.Nested(EstimateOut, metadata={"description": "estimated from the spot checks"})
    answers = fields.Nested(AnswerCounts)
    spot_checks = fields.Nested(SpotCheckCounts)
    false_alarms = fields.List(fields.Nested(JudgedCase))
    misses = fields.List(fields.Nested(JudgedCase))
    topics = fields.List(fields.Nested(TopicWeek))
