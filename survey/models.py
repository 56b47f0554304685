"""The survey side's records: who the customer is, what ticket closed, what they answered.

Uniqueness lives in the database, so retries and concurrent webhooks cannot create a second
customer, ticket, survey or answer no matter how the requests interleave.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, func, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db
from core.indexes import trigram_index
from core.types import UTCDateTime


class Customer(db.Model):
    __tablename__ = "customers"
    __table_args__ = (
        UniqueConstraint("source", "external_id"),
        # Files are found by email case-blind (survey/customers.py); the address keeps its case.
        Index("ix_customers_email_lower", func.lower(text("email"))),
        Index("ix_customers_name", "name", "id"),  # the customers list's order
        # The list's search, ILIKE '%...%' on each (followup/customer_list.py); PostgreSQL only.
        trigram_index("ix_customers_name_trgm", "name"),
        trigram_index("ix_customers_email_trgm", "email"),
        trigram_index("ix_customers_phone_trgm", "phone"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(20))
    external_id: Mapped[str | None] = mapped_column(String(200))
    name: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320), unique=True)
    phone: Mapped[str | None] = mapped_column(String(20), index=True)
    timezone: Mapped[str | None] = mapped_column(String(64))
    language: Mapped[str | None] = mapped_column(String(16))
    opted_out_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Set when the person was erased (followup/erasure.py): the row stays, anonymous, for the figures.
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    tickets: Mapped[list[Ticket]] = relationship(back_populates="customer")

    @property
    def reachable(self) -> bool:
        """Whether a manager can get back to them: a phone to call or an address to write to.
        Only then may a page promise that someone will be in touch."""
        return bool(self.phone or self.email)


class Ticket(db.Model):
    __tablename__ = "tickets"
    __table_args__ = (UniqueConstraint("source", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    source: Mapped[str] = mapped_column(String(20))
    external_id: Mapped[str] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[str] = mapped_column(String(40))
    agent_name: Mapped[str | None] = mapped_column(String(200))
    agent_email: Mapped[str | None] = mapped_column(String(320))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    customer: Mapped[Customer] = relationship(back_populates="tickets")
    survey: Mapped[Survey | None] = relationship(back_populates="ticket")


class Survey(db.Model):
    """One survey per ticket; only a hash of the link's token is stored (see survey/tokens.py)."""

    __tablename__ = "surveys"
    __table_args__ = (Index("ix_surveys_status_expires", "status", "expires_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), unique=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    token_nonce: Mapped[str] = mapped_column(String(64))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(20))  # scheduled|sent|answered|cancelled|expired
    channels: Mapped[str] = mapped_column(String(20))  # "email", "sms" or "email,sms"
    send_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)

    ticket: Mapped[Ticket] = relationship(back_populates="survey")
    customer: Mapped[Customer] = relationship()
    response: Mapped[Response | None] = relationship(back_populates="survey")


class WebhookDelivery(db.Model):
    """Every delivery id we acted on, so a retry of the same delivery is answered, not redone."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (UniqueConstraint("source", "delivery_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(20))
    delivery_id: Mapped[str] = mapped_column(String(200))
    outcome: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(String(40))
    survey_id: Mapped[int | None] = mapped_column(ForeignKey("surveys.id"))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Response(db.Model):
    __tablename__ = "responses"
    __table_args__ = (CheckConstraint("rating IS NULL OR rating BETWEEN 1 AND 5", name="rating"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id"), unique=True)
    rating: Mapped[int | None]
    comment: Mapped[str] = mapped_column(Text, default="")
    channel: Mapped[str] = mapped_column(String(10))  # web|sms
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)

    survey: Mapped[Survey] = relationship(back_populates="response")
    assessment: Mapped[Assessment | None] = relationship(back_populates="response")


class Assessment(db.Model):
    __tablename__ = "assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id"), unique=True)
    unhappy: Mapped[bool]
    unhappiness: Mapped[float]
    polarity: Mapped[float]
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    assessed_at: Mapped[datetime] = mapped_column(UTCDateTime)

    response: Mapped[Response] = relationship(back_populates="assessment")


class InboundSms(db.Model):
    """A text we could not record as an answer (no open survey): kept, never dropped.

    It shows in the customer's file, so a manager still reads what the customer wrote.
    """

    __tablename__ = "inbound_sms"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)
    from_number: Mapped[str] = mapped_column(String(20))
    body: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)


class BrandSettings(db.Model):
    """The settings page's choices (one row): brand and survey wording; NULL = the env default."""

    __tablename__ = "brand_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_name: Mapped[str | None] = mapped_column(String(100))
    logo_url: Mapped[str | None] = mapped_column(String(500))
    brand_color: Mapped[str | None] = mapped_column(String(7))
    postal_address: Mapped[str | None] = mapped_column(String(300))
    reply_to: Mapped[str | None] = mapped_column(String(320))
    question: Mapped[str | None] = mapped_column(String(200))
    thank_you: Mapped[str | None] = mapped_column(String(500))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class BrandChange(db.Model):
    """Audit trail of the settings page: who changed which setting, from what, to what."""

    __tablename__ = "brand_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    field: Mapped[str] = mapped_column(String(40))
    old_value: Mapped[str | None] = mapped_column(String(500))
    new_value: Mapped[str | None] = mapped_column(String(500))
    changed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


TAP_HELD, TAP_RECORDED, TAP_DISCARDED = "held", "recorded", "discarded"


class Tap(db.Model):
    """A rating link opened in a browser, held back until no burst of other ratings followed.

    Durable so the worker records it even after the customer closed the page (survey/taps.py).
    """

    __tablename__ = "survey_taps"
    __table_args__ = (
        CheckConstraint("rating BETWEEN 1 AND 5", name="tap_rating"),
        Index("ix_survey_taps_state_due", "state", "due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id"), index=True)
    rating: Mapped[int]
    state: Mapped[str] = mapped_column(String(10))  # held|recorded|discarded
    tapped_at: Mapped[datetime] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
