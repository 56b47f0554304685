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
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from survey.intake.contact import normalize_email, normalize_phone
from survey.intake.events import CustomerInfo
from survey.models import Customer

LANGUAGE = re.compile(r"[A-Za-z]{2,8}([_-][A-Za-z0-9]{1,8})*")
SUPPORT_SOURCE = "support"  # a file support created by hand, e.g. to opt someone out in advance


def upsert_customer(session: Session, source: str, info: CustomerInfo, now: datetime) -> Customer:
    """Find the customer by (source, external id), then by email; keep the newest details."""
    email = normalize_email(info.email)
    by_id = and_(Customer.source == source, Customer.external_id == info.external_id)
    wanted = [by_id] if info.external_id else []
    wanted += [_same_email(email)] if email else []
    found = session.scalars(select(Customer).where(or_(*wanted))).all() if wanted else []
    own = next(
        (c for c in found if info.external_id and (c.source, c.external_id) == (source, info.external_id)),
        None,
    )
    customer = own or next(iter(found), None)  # by (source, id), else by email
    if customer is not None and own is None and customer.external_id is None and info.external_id:
        customer.source, customer.external_id = source, info.external_id  # the file learns the id
    if customer is None:
        customer = Customer(source=source, external_id=info.external_id, email=email, created_at=now)
        session.add(customer)
    elif email and (customer.email or "").lower() != email.lower() and not _email_taken(session, email):
        customer.email = email  # when another file owns that address, both stay as they are
    details = {
        "name": _text(info.name, 200),
        "phone": normalize_phone(info.phone),
        "timezone": _zone(info.timezone),
        "language": _language(info.language),
    }
    for attr, value in details.items():
        if value:
            setattr(customer, attr, value)
    customer.updated_at = now
    return customer


def contact_opted_out(session: Session, customer: Customer) -> bool:
    """Opted out themselves, or their phone number did (STOP applies to the number, not a file)."""
    if customer.opted_out_at is not None:
        return True
    if customer.phone is None:
        return False
    stmt = select(Customer.id).where(Customer.phone == customer.phone, Customer.opted_out_at.is_not(None))
    return session.scalar(stmt.limit(1)) is not None


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


def _email_taken(session: Session, email: str) -> bool:
    return session.scalar(select(Customer.id).where(_same_email(email)).limit(1)) is not None


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
