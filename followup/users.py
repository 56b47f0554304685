"""Managers and agents: accounts, password checks, roles, and ending an account's access."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from core.access import ROLES
from followup import api_tokens, sessions
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


def change_role(session: Session, user: User, role: str, by: User) -> None:
    if role not in ROLES:
        raise UserError(f"role must be one of {', '.join(ROLES)}")
    if user.id == by.id and role != user.role:
        raise UserError("you cannot change your own role: ask another manager")
    user.role = role


def deactivate(session: Session, user: User, now: datetime, by: User | None = None) -> None:
    """No more logins; every session and API token of the account ends in this transaction."""
    if by is not None and by.id == user.id:
        raise UserError("you cannot deactivate your own account: ask another manager")
    user.active = False
    sessions.end_all(session, user.id)
    api_tokens.revoke_all(session, user.id, now)


def reactivate(user: User) -> None:
    """Logins work again; revoked API tokens stay revoked."""
    user.active = True


@dataclass(frozen=True)
class Account:
    user: User
    sessions: int
    tokens: int


def accounts(session: Session, now: datetime) -> list[Account]:
    """Every user with their open sessions and live API tokens, for the users page."""
    open_sessions = sessions.count_open(session, now)
    live_tokens = api_tokens.count_live(session, now)
    users = session.scalars(select(User).order_by(User.active.desc(), User.name, User.id))
    return [Account(user, open_sessions.get(user.id, 0), live_tokens.get(user.id, 0)) for user in users]


def find_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == (normalize_email(email) or email)))
