"""Keeping one file per customer however many tickets and systems mention them, and their opt-out.

A ticket system knows its customers by its own id; across systems only the email address is
shared, and it is matched case-blind: `Jane@example.com` from one system and `jane@example.com`
from another are one customer (the case of the local part is kept for sending). Later tickets
carry fresher details (a new phone, a move to another time zone), so each one updates the file.
Whatever cannot be stored faithfully (an unknown zone, a malformed contact) is dropped, never
truncated into something that looks valid.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import and_, bindparam, exists, func, insert, or_, select, update
from sqlalchemy.orm import Session

from survey.intake.contact import normalize_email, normalize_phone
from survey.intake.events import CustomerInfo
from survey.models import Customer, Survey

LANGUAGE = re.compile(r"[A-Za-z]{2,8}([_-][A-Za-z0-9]{1,8})*")
SUPPORT_SOURCE = "support"  # a file support created by hand, e.g. to opt someone out in advance


@dataclass(frozen=True)
class CustomerFile:
    """What the intake needs of the customer it just upserted."""

    id: int
    email: str | None
    phone: str | None
    opted_out: bool
    new: bool  # met just now: no survey of theirs to throttle, no opt-out of their own


_customers = Customer.__table__
# Prebuilt Core statements: the intake runs them on every delivery, and building a statement
# (or flushing ORM objects) costs more than the round trip. A NULL parameter matches nothing.
_MATCHING = (
    select(_customers)
    .where(
        or_(
            and_(
                _customers.c.source == bindparam("source"),
                _customers.c.external_id == bindparam("external_id"),
            ),
            func.lower(_customers.c.email) == bindparam("email_lower"),
        )
    )
    .order_by(_customers.c.id)
)
_INSERT = insert(_customers).returning(_customers.c.id)
_UPDATE = update(_customers).where(_customers.c.id == bindparam("row_id"))
_surveys = Survey.__table__
# Opted out by phone (STOP applies to the number, whichever file holds it); surveyed lately.
_HELD_BACK = select(
    exists().where(_customers.c.phone == bindparam("phone"), _customers.c.opted_out_at.is_not(None)),
    exists().where(
        _surveys.c.customer_id == bindparam("customer_id"),
        _surveys.c.created_at > bindparam("since"),
        _surveys.c.status != "cancelled",
    ),
)


def upsert_customer(session: Session, source: str, info: CustomerInfo, now: datetime) -> CustomerFile:
    """Find the customer by (source, external id), then by email; keep the newest details."""
    conn = session.connection()
    email = normalize_email(info.email)
    found = conn.execute(
        _MATCHING,
        {"source": source, "external_id": info.external_id, "email_lower": email.lower() if email else None},
    ).all()
    wanted = (source, info.external_id) if info.external_id else None
    own = next((c for c in found if (c.source, c.external_id) == wanted), None)
    row = own or next(iter(found), None)  # by (source, id), else by email
    details = {
        "name": _text(info.name, 200),
        "phone": normalize_phone(info.phone),
        "timezone": _zone(info.timezone),
        "language": _language(info.language),
    }
    if row is None:
        values = {"source": source, "external_id": info.external_id, "email": email, "opted_out_at": None}
        values |= {**details, "created_at": now, "updated_at": now}
        return CustomerFile(conn.execute(_INSERT, values).scalar_one(), email, details["phone"], False, True)
    values = {name: value or row._mapping[name] for name, value in details.items()}
    values |= {"source": row.source, "external_id": row.external_id, "email": row.email, "updated_at": now}
    if own is None and row.external_id is None and info.external_id:
        values["source"], values["external_id"] = source, info.external_id  # the file learns the id
    # When another file owns that address (it would be among those found), both stay as they are.
    taken = email and any((c.email or "").lower() == email.lower() for c in found)
    if email and (row.email or "").lower() != email.lower() and not taken:
        values["email"] = email
    conn.execute(_UPDATE, {**values, "row_id": row.id})
    return CustomerFile(row.id, values["email"], values["phone"], row.opted_out_at is not None, False)


def held_back(session: Session, customer: CustomerFile, since: datetime) -> tuple[bool, bool]:
    """Whether they opted out (their file, or any file with their phone), and whether they
    were surveyed after `since`; one query, none for someone met just now without a phone."""
    if customer.opted_out or (customer.new and not customer.phone):
        return customer.opted_out, False
    params = {"phone": customer.phone, "customer_id": customer.id, "since": since}
    opted_out, recent = session.connection().execute(_HELD_BACK, params).one()
    return opted_out, recent


def opt_out(session: Session, contact: str, now: datetime) -> list[Customer]:
    """Stop surveys to an email address or phone number, even one we have not met yet."""
    email, phone = _contact(contact)
    found = _matching(session, email, phone)
    if not found:
        found = [Customer(source=SUPPORT_SOURCE, email=email, phone=phone, created_at=now, updated_at=now)]
        session.add(found[0])
    for customer in found:
        customer.opted_out_at = customer.opted_out_at or now
        customer.updated_at = now
    return found


def opt_in(session: Session, contact: str, now: datetime) -> list[Customer]:
    """Undo an opt-out, whichever way it was made (STOP, unsubscribe link, support)."""
    email, phone = _contact(contact)
    found = [c for c in _matching(session, email, phone) if c.opted_out_at is not None]
    for customer in found:
        customer.opted_out_at, customer.updated_at = None, now
    return found


def _contact(contact: str) -> tuple[str | None, str | None]:
    email = normalize_email(contact) if "@" in contact else None
    phone = None if "@" in contact else normalize_phone(contact)
    if email is None and phone is None:
        raise ValueError(f"{contact!r} is neither a valid email address nor a phone number")
    return email, phone


def _matching(session: Session, email: str | None, phone: str | None) -> list[Customer]:
    condition = _same_email(email) if email else Customer.phone == phone
    return list(session.scalars(select(Customer).where(condition).order_by(Customer.id)))


def _same_email(email: str):
    """Case-blind, through ix_customers_email_lower."""
    return func.lower(Customer.email) == email.lower()


def _text(value: str | None, limit: int) -> str | None:
    cleaned = (value or "").replace("\x00", "").strip()
    return cleaned[:limit] or None


def _language(tag: str | None) -> str | None:
    return tag if tag and len(tag) <= 16 and LANGUAGE.fullmatch(tag) else None


def _zone(name: str | None) -> str | None:
    if not name or len(name) > 64 or "\x00" in name:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None
    return name
