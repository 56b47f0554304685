"""Showing stored UTC times in the reader's time zone, with the offset so nothing is ambiguous."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def local(value: datetime | None, tz: str | None = None) -> str:
    if value is None:
        return "–"
    try:
        zone = ZoneInfo(tz or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    return value.astimezone(zone).strftime("%a %d %b %Y %H:%M %Z")
