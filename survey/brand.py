"""Who the customer hears from: the organisation's name, logo, colour and address, and the
survey's wording.

The environment gives the defaults (ORG_NAME, ORG_LOGO_URL, BRAND_COLOR, ORG_POSTAL_ADDRESS,
SURVEY_REPLY_TO); a manager may override any of them on the settings page, stored in one row
of `brand_settings`, every change audited in `brand_changes`. Custom wording (question,
thank-you text) is written in one language, so it replaces the default text on English pages
only; the other languages keep their translated wording.
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import datetime
from email.utils import parseaddr, quote
from urllib.parse import urlsplit

from flask import current_app, g
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from core.extensions import db
from survey.models import BrandChange, BrandSettings

COLOR = re.compile(r"#[0-9a-fA-F]{6}")


@dataclass(frozen=True)
class Brand:
    name: str
    logo_url: str | None = None
    color: str = "#0b5cab"
    postal_address: str | None = None
    reply_to: str | None = None
    question: str | None = None  # None: the translated default
    thank_you: str | None = None

    def sender(self, address: str) -> str:
        """`"Acme Repairs" <support@acme.example>`: the name customers see in their inbox."""
        return f'"{quote(self.name)}" <{parseaddr(address)[1] or address}>'

    def wording(self, locale: str) -> tuple[str | None, str | None]:
        """Custom question and thank-you text, for the language they were written in (English)."""
        return (self.question, self.thank_you) if locale == "en" else (None, None)


EDITABLE = tuple(f.name for f in fields(Brand))
_COLUMNS = {"name": "org_name", "color": "brand_color"}  # field -> column where they differ


def problem_with(field: str, value: str | None) -> str | None:
    """Why a value cannot be used (None if it can): a colour or logo goes into CSS and HTML."""
    if value is None:
        return "required" if field == "name" else None
    if field == "color" and not COLOR.fullmatch(value):
        return "a colour like #0b5cab"
    if field == "logo_url":
        parts = urlsplit(value)
        if parts.scheme not in ("https", "http") or not parts.netloc:
            return "an http(s):// address of an image"
    if field == "reply_to" and "@" not in parseaddr(value)[1]:
        return "an email address"
    return None


def from_config(config: Mapping[str, object]) -> Brand:
    return Brand(
        name=str(config["ORG_NAME"]),
        logo_url=config.get("ORG_LOGO_URL") or None,  # type: ignore[arg-type]
        color=str(config.get("BRAND_COLOR") or Brand.color),
        postal_address=config.get("ORG_POSTAL_ADDRESS") or None,  # type: ignore[arg-type]
        reply_to=config.get("SURVEY_REPLY_TO") or None,  # type: ignore[arg-type]
    )


def load(session: Session, defaults: Brand) -> Brand:
    """The defaults with whatever the settings page changed laid over them."""
    row = session.scalar(select(BrandSettings).limit(1))
    if row is None:
        return defaults
    chosen = {name: getattr(row, _COLUMNS.get(name, name)) for name in EDITABLE}
    return replace(defaults, **{name: value for name, value in chosen.items() if value is not None})


def save(
    session: Session, defaults: Brand, values: Mapping[str, str | None], user_id: int | None, now: datetime
) -> list[str]:
    """Store the settings page's values (blank = back to the default); the fields changed.

    Each change is audited with its old and new value, so a manager can see who renamed the
    company in every customer's inbox.
    """
    row = session.scalar(select(BrandSettings).limit(1))
    if row is None:
        row = BrandSettings(updated_at=now)
        session.add(row)
    changed = []
    for name in EDITABLE:
        value = (values.get(name) or "").strip() or None
        if value is not None and value == getattr(defaults, name):
            value = None  # the default itself: keep following the environment
        column = _COLUMNS.get(name, name)
        old = getattr(row, column)
        if old == value:
            continue
        setattr(row, column, value)
        changed.append(name)
        change = BrandChange(field=name, old_value=old, new_value=value, changed_by=user_id, changed_at=now)
        session.add(change)
    row.updated_at = now
    session.flush()
    return changed


def history(session: Session, limit: int = 50) -> list[BrandChange]:
    return list(session.scalars(select(BrandChange).order_by(BrandChange.id.desc()).limit(limit)))


CACHE_SECONDS = 5.0  # how soon another process sees a change made on the settings page


def for_request() -> Brand:
    """The brand for this request's pages, read at most every few seconds per process: a query
    per page view would cost the survey page a tenth of its time for a row that hardly changes."""
    cached = current_app.extensions.setdefault("brand", {"until": 0.0})
    if cached["until"] < time.monotonic():
        # The database is away: the page that says so (a 503, within its deadline) wears the
        # last known brand, or the configured one, without a second wait for the database;
        # the next request reads it again.
        fallback = cached.get("brand") or from_config(current_app.config)
        if g.get("database_unavailable"):
            return fallback
        try:
            cached["brand"] = load(db.session, from_config(current_app.config))
        except SQLAlchemyError:
            db.session.rollback()
            g.database_unavailable = True
            return fallback
        cached["until"] = time.monotonic() + CACHE_SECONDS
    return cached["brand"]


def forget() -> None:
    """After a change, so this process shows it at once."""
    current_app.extensions.pop("brand", None)
