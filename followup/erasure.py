"""Erasing a person (GDPR art. 17) while the figures they contributed to stay as they were.

The customer's row and the rows hanging off it stay (ratings, times, outcomes and verdicts are
anonymous once nothing says whose they are), so the dashboard adds up to the same numbers and
their tasks still read as a history. Everything that says who they are, or what they or a
manager wrote about them, is blanked or deleted. The caller commits, so the whole erasure is
one transaction: it happens completely or not at all.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import ForeignKey, String, delete, func, or_, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.extensions import db
from core.types import UTCDateTime
from followup.customer_email import KIND as CUSTOMER_EMAIL
from followup.models import CallAttempt, FollowupTask, User
from followup.profile import CustomerNote, CustomerProfile
from followup.redaction import without_quotes
from followup.touches import Touch
from followup.voice_models import VoiceCall
from notify.models import CANCELLED, PENDING, OutboxMessage
from survey.models import Assessment, Customer, InboundSms, Response, Survey, Ticket
from survey.tokens import new_nonce, token_hash

VIA = ("page", "api", "cli")
SURVEY_KINDS = ("survey_invite", "survey_reminder")  # outbox kinds whose ref_id is a survey


class Erasure(db.Model):
    """That a customer was erased, when and by whom: the id only, never what was erased."""

    __tablename__ = "erasures"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    via: Mapped[str] = mapped_column(String(10))  # page|api|cli
    erased_at: Mapped[datetime] = mapped_column(UTCDateTime)


def find_customer(session: Session, key: str) -> Customer | None:
    """A customer not yet erased, by id (digits) or by email address (case-blind)."""
    key = key.strip()
    if key.isdigit():
        found = session.get(Customer, int(key)) if int(key) < 2**31 else None
    else:
        found = session.scalar(select(Customer).where(func.lower(Customer.email) == key.lower()))
    return found if found is not None and found.erased_at is None else None


def erase_customer(
    session: Session, customer: Customer, *, by: User | None, via: str, now: datetime
) -> Erasure:
    """Remove everything that identifies `customer`; cancel what was still to be sent to them."""
    if via not in VIA:
        raise ValueError(f"via must be one of {', '.join(VIA)}")
    cid = customer.id
    surveys = select(Survey.id).where(Survey.customer_id == cid)
    tasks = select(FollowupTask.id).where(FollowupTask.customer_id == cid)
    attempts = select(CallAttempt.id).where(CallAttempt.task_id.in_(tasks))
    _erase_messages(session, customer, surveys, attempts)
    for survey in session.scalars(select(Survey).where(Survey.customer_id == cid)):
        # A fresh hash no token was made for: every link they were sent now answers 404.
        survey.token_nonce, survey.token_hash = new_nonce(), token_hash(secrets.token_urlsafe(32))
        if survey.status == "scheduled":
            survey.status = "cancelled"
    session.execute(
        update(Response).where(Response.survey_id.in_(surveys)).values(comment=""),
        execution_options={"synchronize_session": False},
    )
    answers = select(Response.id).where(Response.survey_id.in_(surveys))
    for assessment in session.scalars(select(Assessment).where(Assessment.response_id.in_(answers))):
        assessment.reasons = [without_quotes(reason) for reason in assessment.reasons]
    session.execute(
        update(CallAttempt).where(CallAttempt.task_id.in_(tasks)).values(note=""),
        execution_options={"synchronize_session": False},
    )
    # A call's error may be Twilio's words about her number; the call SIDs stay, so the
    # recordings and logs on the Twilio account can be found and erased there too.
    session.execute(update(VoiceCall).where(VoiceCall.task_id.in_(tasks)).values(error=None))
    for ticket in session.scalars(select(Ticket).where(Ticket.customer_id == cid)):
        ticket.external_id, ticket.subject = f"erased-{ticket.id}", ""
    session.execute(update(Touch).where(Touch.customer_id == cid).values(note=""))
    session.execute(delete(CustomerNote).where(CustomerNote.customer_id == cid))
    session.execute(delete(CustomerProfile).where(CustomerProfile.customer_id == cid))
    texted = [InboundSms.customer_id == cid] + (
        [InboundSms.from_number == customer.phone] if customer.phone else []
    )
    session.execute(delete(InboundSms).where(or_(*texted)), execution_options={"synchronize_session": False})
    for name in ("external_id", "name", "email", "phone", "timezone", "language", "opted_out_at"):
        setattr(customer, name, None)
    customer.erased_at = customer.updated_at = now
    erasure = Erasure(customer_id=cid, user_id=by.id if by else None, via=via, erased_at=now)
    session.add(erasure)
    session.flush()
    return erasure


def _erase_messages(session: Session, customer: Customer, surveys, attempts) -> None:
    """Their messages: pending ones cancelled, and no row keeps their address or an error quoting it."""
    theirs = [
        OutboxMessage.kind.in_(SURVEY_KINDS) & OutboxMessage.ref_id.in_(surveys),
        (OutboxMessage.kind == CUSTOMER_EMAIL) & OutboxMessage.ref_id.in_(attempts),
    ]
    theirs += [OutboxMessage.recipient == contact for contact in (customer.email, customer.phone) if contact]
    session.execute(
        update(OutboxMessage)
        .where(or_(*theirs), OutboxMessage.status == PENDING)
        .values(status=CANCELLED, lease_owner=None, lease_until=None),
        execution_options={"synchronize_session": False},
    )
    session.execute(
        update(OutboxMessage).where(or_(*theirs)).values(recipient="", last_error=None),
        execution_options={"synchronize_session": False},
    )
