"""The dashboard's period, read from the query string: the last 7/30/90 days, or two dates.

Dates are days in the reader's time zone (a manager in Chicago asking for 1-7 March means
their March days, not UTC's), turned into a half-open UTC range [start, end) for the queries.
Anything that is not one of those shapes is refused with a message the page can show, rather
than quietly falling back to a default the reader did not ask for.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

PRESET_DAYS = (7, 30, 90)
DEFAULT_DAYS = 30
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
MAX_DAYS = 366  # a year: call waits are ranked from the period's tasks, so the period stays bounded


class PeriodError(ValueError):
    """The query string does not name a period; the message is meant for the reader."""


@dataclass(frozen=True)
class Period:
    start: datetime  # UTC, inclusive
    end: datetime  # UTC, exclusive
    zone: ZoneInfo
    days: int | None  # the preset chosen, or None for explicit dates
    first_day: date
    last_day: date

    @property
    def label(self) -> str:
        if self.days is not None:
            return f"the last {self.days} days"
        return f"{self.first_day:%d %b %Y} to {self.last_day:%d %b %Y}"


def parse_period(args: Mapping[str, str], now: datetime, zone: ZoneInfo) -> Period:
    """`?days=7|30|90` or `?from=YYYY-MM-DD&to=YYYY-MM-DD` (both days included); default 30 days."""
    if "from" in args or "to" in args:
        if "days" in args:
            raise PeriodError("Choose either a number of days or two dates, not both.")
        return _between(_day(args, "from"), _day(args, "to"), zone)
    raw = args.get("days", str(DEFAULT_DAYS))
    if raw not in {str(days) for days in PRESET_DAYS}:
        raise PeriodError("Choose the last 7, 30 or 90 days.")
    days = int(raw)
    start = now - timedelta(days=days)
    return Period(
        start=start,
        end=now,
        zone=zone,
        days=days,
        first_day=start.astimezone(zone).date(),
        last_day=now.astimezone(zone).date(),
    )


def _day(args: Mapping[str, str], name: str) -> date:
    raw = args.get(name, "")
    try:
        if ISO_DAY.fullmatch(raw):
            return date.fromisoformat(raw)
    except ValueError:
        pass  # shaped like a date but not one, such as 2026-02-30
    raise PeriodError(f"Give '{name}' as a date like 2026-11-01.")


def _between(first: date, last: date, zone: ZoneInfo) -> Period:
    if last < first:
        raise PeriodError("The 'to' date comes before the 'from' date.")
    if (last - first).days + 1 > MAX_DAYS:
        raise PeriodError(f"Choose at most {MAX_DAYS} days.")
    start = datetime.combine(first, time(), zone).astimezone(UTC)
    end = datetime.combine(last + timedelta(days=1), time(), zone).astimezone(UTC)
    return Period(start=start, end=end, zone=zone, days=None, first_day=first, last_day=last)


@dataclass(frozen=True)
class Piece:
    """A stretch of a period inside one of its weeks: `rolled` when whole hours before the
    rollups' watermark cover it, so the hourly rollups can answer for it instead of the rows."""

    start: datetime
    end: datetime
    week: int
    rolled: bool


def week_starts(period: Period) -> list[datetime]:
    """The UTC instants the period's weeks begin, Monday 00:00 in the reader's zone, the first
    on or before the period's start."""
    monday = period.first_day - timedelta(days=period.first_day.weekday())
    starts = []
    while monday <= period.last_day:
        starts.append(datetime.combine(monday, time(), period.zone).astimezone(UTC))
        monday += timedelta(days=7)
    return starts


def pieces(period: Period, rolled_until: datetime | None) -> list[Piece]:
    """The period cut at its week starts and at the watermark; each cut's whole UTC hours before
    the watermark are rolled, its ragged edges (a half-hour zone's midnight, a preset's `now`)
    and everything past the watermark are read from the rows. Together they tile the period."""
    weeks = week_starts(period)
    cuts = sorted({period.start, period.end, *(w for w in weeks if period.start < w < period.end)})
    if rolled_until is not None and period.start < rolled_until < period.end:
        cuts = sorted({*cuts, rolled_until})
    found = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        week = sum(1 for w in weeks if w <= start) - 1
        first, last = _ceil_hour(start), floor_hour(end)
        if rolled_until is None or end > rolled_until or first >= last:
            found.append(Piece(start, end, week, rolled=False))
            continue
        found += [Piece(a, b, week, rolled=(a, b) == (first, last)) for a, b in
                  ((start, first), (first, last), (last, end)) if a < b]  # fmt: skip
    return found


def floor_hour(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def _ceil_hour(moment: datetime) -> datetime:
    floor = floor_hour(moment)
    return floor if floor == moment else floor + timedelta(hours=1)
