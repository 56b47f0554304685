"""Login sessions kept server-side, so logging out or deactivating ends them at once.

Flask's session is a signed cookie: on its own, a copy of it keeps working until it expires,
whatever the user did since. So the cookie holds only a random session id (Flask-Login's
"alternative id": `User.get_id()` returns it, the user loader looks it up), and the session
itself is a row here. Logout deletes the row, deactivation and a password change delete the
user's rows: the copied cookie then names nothing. We chose this over Flask-Session because its
stores are keyed by session, not by user: ending every session of one account (deactivation,
"log out my other devices") would mean scanning and unpickling every session, where here it
is one DELETE by user id. Only a hash of the id is stored, so a database dump opens no session.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import ForeignKey, String, delete, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.extensions import db
from core.types import UTCDateTime
from followup.models import User


class LoginSession(db.Model):
    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(session: Session, user: User, now: datetime, lifetime: timedelta) -> str:
    """A new session for `user`; returns the id for the cookie (also left on `user.session_token`)."""
    token = secrets.token_urlsafe(32)
    session.execute(delete(LoginSession).where(LoginSession.expires_at <= now))  # nobody's any more
    session.add(
        LoginSession(token_hash=_hash(token), user_id=user.id, created_at=now, expires_at=now + lifetime)
    )
    user.session_token = token
    return token


def user_of(session: Session, token: str, now: datetime) -> User | None:
    """The active user whose unexpired session this is, or None."""
    if not token:
        return None
    user = session.scalar(
        select(User)
        .join(LoginSession, LoginSession.user_id == User.id)
        .where(LoginSession.token_hash == _hash(token), LoginSession.expires_at > now, User.active)
    )
    if user is not None:
        user.session_token = token
    return user


def end(session: Session, token: str | None) -> None:
    if token:
        session.execute(delete(LoginSession).where(LoginSession.token_hash == _hash(token)))


def end_all(session: Session, user_id: int, keep: str | None = None) -> int:
    """End every session of the user but `keep` (the one making the change); how many ended."""
    stmt = delete(LoginSession).where(LoginSession.user_id == user_id)
    if keep:
        stmt = stmt.where(LoginSession.token_hash != _hash(keep))
    return session.execute(stmt).rowcount


def count_open(session: Session, now: datetime) -> dict[int, int]:
    """Open sessions per user id, for the users page."""
    rows = session.execute(
        select(LoginSession.user_id, func.count())
        .where(LoginSession.expires_at > now)
        .group_by(LoginSession.user_id)
    )
    return dict(rows.all())
