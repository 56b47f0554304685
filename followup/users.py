"""Managers and agents: accounts, password checks and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from core.access import ROLES
from followup.models import User
from survey.intake.contact import normalize_email, normalize_phone

# Checked against when the email is unknown, so a login takes as long either way.
_DUMMY_HASH = generate_password_hash(secrets.token_hex(16))


class UserError(ValueError):
    """Bad input for an account, worded for the operator who typed it."""


def create_user(
    session: Session,
    *,
    email: str,
    name: str,
    password: str,
    now: datetime,
    phone: str | None = None,
    role: str = "manager",
    timezone: str = "UTC",
) -> User:
    address = normalize_email(email)
    if address is None:
        raise UserError(f"not a valid email address: {email!r}")
    if role not in ROLES:
        raise UserError(f"role must be one of {', '.join(ROLES)}")
    if len(password) < 8:
        raise UserError("password must be at least 8 characters")
    number = normalize_phone(phone) if phone else None
    if phone and number is None:
        raise UserError(f"not a valid phone number (E.164, like +15551234567): {phone!r}")
    if session.scalar(select(User.id).where(User.email == address)) is not None:
        raise UserError(f"a user with email {address} exists")
    user = User(
        email=address,
        name=name.strip() or address,
        phone=number,
        role=role,
        timezone=timezone,
        password_hash=generate_password_hash(password),
        created_at=now,
    )
    session.add(user)
    session.flush()
    return user


def authenticate(session: Session, email: str, password: str) -> User | None:
    address = normalize_email(email) or ""
    user = session.scalar(select(User).where(User.email == address))
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not check_password_hash(user.password_hash, password) or not user.active:
        return None
    return user


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user: User) -> str:
    """A new API token (the old one stops working); only its hash is stored."""
    token = "cs_" + secrets.token_urlsafe(32)
    user.api_token_hash = _hash(token)
    return token


def user_for_token(session: Session, token: str) -> User | None:
    if not token:
        return None
    user = session.scalar(select(User).where(User.api_token_hash == _hash(token)))
    return user if user is not None and user.active else None


def find_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == (normalize_email(email) or email)))
