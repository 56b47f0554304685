"""Keeping one file per customer however many tickets and systems mention them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from survey.intake.contact import normalize_email, normalize_phone
from survey.intake.events import CustomerInfo
from survey.models import Customer


def upsert_customer(session: Session, source: str, info: CustomerInfo, now: datetime) -> Customer:
    """Find the customer by (source, external id), then by email; keep the newest details.

    Invalid contact data is dropped rather than stored, so a later "no usable contact" decision
    looks only at addresses we could really reach.
    """
    email = normalize_email(info.email)
    phone = normalize_phone(info.phone)
    customer = None
    if info.external_id:
        customer = session.scalar(
            select(Customer).where(Customer.source == source, Customer.external_id == info.external_id)
        )
    if customer is None and email:
        customer = session.scalar(select(Customer).where(Customer.email == email))
    if customer is None:
        customer = Customer(source=source, external_id=info.external_id, created_at=now, updated_at=now)
        session.add(customer)
    elif customer.external_id is None and info.external_id and customer.source == source:
        customer.external_id = info.external_id
    if email and email != customer.email:
        taken = session.scalar(select(Customer.id).where(Customer.email == email))
        if taken is None:
            customer.email = email
    for attr, value in (
        ("name", info.name),
        ("phone", phone),
        ("timezone", info.timezone),
        ("language", info.language),
    ):
        if value:
            setattr(customer, attr, value[:200])
    customer.updated_at = now
    return customer
