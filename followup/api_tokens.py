"""API tokens: several per user, each listed, revocable and optionally expiring.

A token is shown once (by `users token`) and only its hash is kept, with its first characters
so `users tokens` can say which is which. A revoked token stays listed with the time it was
revoked, so an operator can tell "revoked" from "never existed".
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime, timedelta

from sqlalchemy import ForeignKey, String, func, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.extensions import db
from core.types import UTCDateTime
from followup.models import User

PREFIX = "cs_"
SHOWN = len(PREFIX) + 6  # characters of a token kept in the clear to tell tokens apart
_DURATION = re.compile(r"^\s*(\d{1,5})\s*([hdw])\s*$")
_UNITS = {"h": timedelta(hours=1), "d": timedelta(days=1), "w": timedelta(weeks=1)}


class ApiToken(db.Model):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    shown: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def state(self, now: datetime) -> str:
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at is not None and self.expires_at <= now:
            return "expired"
        return "active"


def parse_duration(text: str) -> timedelta:
    """`90d`, `12h`, `2w`: how long a token lives."""
    match = _DURATION.match(text or "")
    if match is None or int(match.group(1)) == 0:
        raise ValueError(f"a duration like 90d, 12h or 2w, got {text!r}")
    return int(match.group(1)) * _UNITS[match.group(2)]


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(session: Session, user: User, now: datetime, expires_at: datetime | None = None) -> str:
    """A new token for `user` beside their others; only its hash is stored."""
    token = PREFIX + secrets.token_urlsafe(32)
    session.add(
        ApiToken(
            user_id=user.id,
            token_hash=_hash(token),
            shown=token[:SHOWN],
            created_at=now,
            expires_at=expires_at,
        )
    )
    return token


def user_for_token(session: Session, token: str, now: datetime) -> User | None:
    """The active user of a live (unrevoked, unexpired) token, or None."""
    if not token:
        return None
    return session.scalar(
        select(User)
        .join(ApiToken, ApiToken.user_id == User.id)
        .where(
            ApiToken.token_hash == _hash(token),
            ApiToken.revoked_at.is_(None),
            (ApiToken.expires_at.is_(None)) | (ApiToken.expires_at > now),
            User.active,
        )
    )


def tokens_of(session: Session, user_id: int) -> list[ApiToken]:
    return list(session.scalars(select(ApiToken).where(ApiToken.user_id == user_id).order_by(ApiToken.id)))


def revoke(session: Session, token_id: int, now: datetime) -> ApiToken:
    token = session.get(ApiToken, token_id) if 0 < token_id < 2**31 else None
    if token is None:
        raise LookupError(f"no API token {token_id}")
    if token.revoked_at is None:
        token.revoked_at = now
    return token


def revoke_all(session: Session, user_id: int, now: datetime) -> int:
    stmt = (
        update(ApiToken)
        .where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    return session.execute(stmt).rowcount


def count_live(session: Session, now: datetime) -> dict[int, int]:
    """Live tokens per user id, for the users page."""
    rows = session.execute(
        select(ApiToken.user_id, func.count())
        .where(ApiToken.revoked_at.is_(None), (ApiToken.expires_at.is_(None)) | (ApiToken.expires_at > now))
        .group_by(ApiToken.user_id)
    )
    return dict(rows.all())
