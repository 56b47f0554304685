"""Keeping free text only as long as it is useful: RETENTION_DAYS, and OUTBOX_KEEP_DAYS for sends.

What people wrote (comments, SMS texts) and what managers wrote about them (call notes, notes,
touch notes) is blanked once it is older than the limit; the rows stay, with their ratings,
times and outcomes, so the dashboard's figures do not move. A sent message needs its address
only while a delivery receipt may still arrive, so that goes after OUTBOX_KEEP_DAYS, and so do
the keys that made Twilio's retried callbacks count once (survey/twilio_receipts.py): Twilio
gives up retrying within a day, and the keys would otherwise pile up with every message.
Every statement only touches rows that still hold text, so a run with nothing to do is cheap
and any number of workers may run it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from followup.models import CallAttempt
from followup.profile import CustomerNote
from followup.redaction import without_quotes
from followup.touches import Touch
from notify.models import PENDING, SENT, OutboxMessage
from survey.models import Assessment, InboundSms, Response
from survey.twilio_receipts import TwilioReceipt

_KEEP = {"synchronize_session": False}


def redact_expired(
    session: Session, now: datetime, retention_days: int, outbox_keep_days: int
) -> dict[str, int]:
    """Blank what is older than the limits; the counts of rows changed, by what they held."""
    cutoff = now - timedelta(days=retention_days)
    # The quotes of the comments about to go, in their assessments' reasons, first: once a
    # comment is blank, nothing marks its quotes as due any more, and a run reads only the
    # answers that expire in it, however many years of them are kept.
    expiring = select(Response.id).where(Response.updated_at < cutoff, Response.comment != "")
    for assessment in session.scalars(select(Assessment).where(Assessment.response_id.in_(expiring))):
        if any("'" in reason for reason in assessment.reasons):
            assessment.reasons = [without_quotes(reason) for reason in assessment.reasons]
    counts = {
        "comments": _blank(session, Response, Response.comment, Response.updated_at < cutoff),
        "call_notes": _blank(session, CallAttempt, CallAttempt.note, CallAttempt.created_at < cutoff),
        "notes": _blank(session, CustomerNote, CustomerNote.body, CustomerNote.created_at < cutoff),
        "touch_notes": _blank(session, Touch, Touch.note, Touch.created_at < cutoff),
        "texts": _blank(session, InboundSms, InboundSms.body, InboundSms.received_at < cutoff),
    }
    sent_before = now - timedelta(days=min(outbox_keep_days, retention_days))
    finished = (OutboxMessage.status == SENT) & (OutboxMessage.sent_at < sent_before)
    # Dead and cancelled rows keep their address (an operator may retry a dead one) up to the limit.
    stale = (OutboxMessage.status != PENDING) & (OutboxMessage.created_at < cutoff)
    counts["messages"] = _blank(session, OutboxMessage, OutboxMessage.recipient, finished | stale)
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.last_error.is_not(None), finished | stale)
        .values(last_error=None),
        execution_options=_KEEP,
    )
    counts["receipts"] = session.execute(
        delete(TwilioReceipt).where(TwilioReceipt.received_at < sent_before), execution_options=_KEEP
    ).rowcount
    return counts


def _blank(session: Session, model, column, older) -> int:
    statement = update(model).where(older, column != "").values({column.key: ""})
    return session.execute(statement, execution_options=_KEEP).rowcount
