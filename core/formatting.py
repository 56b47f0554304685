"""Showing stored UTC times to people: the one date format, in the reader's own time zone.

A manager should never do time-zone arithmetic: every time is shown on their clock, and where a
customer's clock differs it is shown beside it ("15:00 your time, 09:00 for Jane"). Every page
and message formats times here, so the format is the same everywhere.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import phonenumbers

DAY = "%a %-d %b %Y"  # Tue 24 Nov 2026
TIME = "%H:%M"


def zone(tz: str | None) -> ZoneInfo:
    """The zone named `tz`, or UTC for a missing or unknown name (a page must still render)."""
    try:
        return ZoneInfo(tz or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def local(value: datetime | None, tz: str | None = None) -> str:
    """`value` on the clock of `tz`: "Tue 24 Nov 2026, 15:00"."""
    if value is None:
        return "–"
    return value.astimezone(zone(tz)).strftime(f"{DAY}, {TIME}")


def day(value: date | None) -> str:
    """A calendar date in the same format as times: "Tue 24 Nov 2026"."""
    return value.strftime(DAY) if value is not None else "–"


def place(tz: str | None) -> str:
    """The city a zone is named for: "America/Argentina/Buenos_Aires" -> "Buenos Aires"."""
    name = zone(tz).key
    return name.rsplit("/", 1)[-1].replace("_", " ")


def clock_at(now: datetime, tz: str | None) -> str:
    """Someone's time now, as a manager about to call wants it: "09:12 Tue in Chicago"."""
    there = now.astimezone(zone(tz))
    return f"{there:%H:%M %a} in {place(tz)}"


def same_clock(value: datetime, tz: str | None, other_tz: str | None) -> bool:
    """Whether two zones show the same wall time at `value` (different names, same offset)."""
    return value.astimezone(zone(tz)).utcoffset() == value.astimezone(zone(other_tz)).utcoffset()


def for_both(value: datetime | None, tz: str | None, other_tz: str | None, name: str) -> str:
    """`value` on the reader's clock and, when it differs, on the other person's:
    "Tue 24 Nov 2026, 15:00 your time, 09:00 for Jane" (their weekday added if it differs)."""
    if value is None:
        return "–"
    mine = local(value, tz)
    if same_clock(value, tz, other_tz):
        return mine
    here, there = value.astimezone(zone(tz)), value.astimezone(zone(other_tz))
    theirs = there.strftime(TIME if there.date() == here.date() else f"{TIME} %a")
    return f"{mine} your time, {theirs} for {name}"


def phone(number: str | None) -> str:
    """An E.164 number grouped the way people read it: "+1 555-123-4567" (links keep E.164)."""
    if not number:
        return "–"
    try:
        parsed = phonenumbers.parse(number, None)
    except phonenumbers.NumberParseException:
        return number
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
