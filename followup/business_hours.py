"""When a manager may be asked to call a customer, judged on the customer's own clock.

Calls are planned in the customer's wall time because "Friday 16:30 + 2h" must land on
Monday morning where the customer lives, and a DST change must not shift the opening hour.
"""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAYS = re.compile(r"([a-z]{3})(?:\s*-\s*([a-z]{3}))?", re.IGNORECASE)
_HINT = "use groups like 'Mon-Fri 09:00-17:00, Sat 10:00-13:00'"
_HOURS = re.compile(r"(.*?)\s+(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})", re.DOTALL)


@dataclass(frozen=True)
class Window:
    """One opening on one weekday; minutes since local midnight so that 24:00 can close a day."""

    weekday: int
    start: int
    end: int


@dataclass(frozen=True)
class BusinessHours:
    """All weekly openings; several windows may share a day (a lunch break, a Saturday group)."""

    windows: tuple[Window, ...]


def _day(name: str, spec: str) -> int:
    try:
        return DAY_NAMES.index(name.lower())
    except ValueError:
        raise ValueError(f"unknown day {name!r} in business hours {spec!r}") from None


def _days(text: str, spec: str) -> list[int]:
    """Ranges run forward through the week, so "Fri-Mon" wraps over the weekend."""
    match = _DAYS.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"bad days {text.strip()!r} in business hours {spec!r}; {_HINT}")
    first = _day(match.group(1), spec)
    last = first if match.group(2) is None else _day(match.group(2), spec)
    return [(first + offset) % 7 for offset in range((last - first) % 7 + 1)]


def _minutes(hour: str, minute: str, spec: str) -> int:
    value = int(hour) * 60 + int(minute)
    if int(minute) > 59 or value > 24 * 60:
        raise ValueError(f"bad time {hour}:{minute} in business hours {spec!r}")
    return value


def parse_business_hours(spec: str) -> BusinessHours:
    """Day lists may contain commas ("Mon,Wed 08:30-12:00"), so bare day names wait for a time."""
    if not spec.strip():
        raise ValueError(f"business hours are empty; {_HINT}")
    windows: list[Window] = []
    pending: list[int] = []
    for part in spec.split(","):
        match = _HOURS.fullmatch(part.strip())
        if match is None:
            pending += _days(part, spec)
            continue
        days, start_h, start_m, end_h, end_m = match.groups()
        start = _minutes(start_h, start_m, spec)
        end = _minutes(end_h, end_m, spec)
        if end <= start:
            raise ValueError(f"closing time must be after opening time in {part.strip()!r}")
        windows += [Window(day, start, end) for day in pending + _days(days, spec)]
        pending = []
    if pending:
        raise ValueError(f"business hours {spec!r} end with days but no hours; {_HINT}")
    return BusinessHours(tuple(sorted(set(windows), key=lambda w: (w.weekday, w.start))))


def valid_timezone(name: str | None, default: str) -> str:
    """Customer data carries free-text zones; an unknown one must not stop a call being planned."""
    if not name:
        return default
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return default
    return name


def load_zone(name: str) -> ZoneInfo:
    """Turn a zone name into ZoneInfo, reporting a bad name as a plain ValueError."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown timezone {name!r}") from None


def require_aware(value: datetime, name: str) -> datetime:
    """A naive time has no place on the timeline; accepting it would hide a bug upstream."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware")
    return value


def is_open(at: datetime, tz: str, hours: BusinessHours) -> bool:
    """Judged on the local wall clock, so a window keeps its local hours through DST."""
    local = require_aware(at, "at").astimezone(load_zone(tz))
    since_midnight = local.replace(tzinfo=None) - datetime.combine(local.date(), time())
    return any(
        w.weekday == local.weekday()
        and timedelta(minutes=w.start) <= since_midnight < timedelta(minutes=w.end)
        for w in hours.windows
    )


def _gap_end(wall: datetime) -> datetime:
    """The instant the clocks jump over a nonexistent wall time: the first moment at or after it.

    zoneinfo does not expose transitions, so bisect the seconds between the two readings of
    the wall time; tzdata transitions fall on whole seconds.
    """
    low = int(wall.replace(fold=1).timestamp())
    high = int(wall.replace(fold=0).timestamp())
    after = datetime.fromtimestamp(high, wall.tzinfo).utcoffset()
    while high - low > 1:
        middle = (low + high) // 2
        if datetime.fromtimestamp(middle, wall.tzinfo).utcoffset() == after:
            high = middle
        else:
            low = middle
    return datetime.fromtimestamp(high, UTC)


def _opening(wall: datetime) -> list[datetime]:
    """Both readings of a repeated autumn time, so either pass of that hour can be found."""
    round_trip = wall.astimezone(UTC).astimezone(wall.tzinfo)
    if round_trip.replace(tzinfo=None) != wall.replace(tzinfo=None):
        return [_gap_end(wall)]
    return sorted({wall.replace(fold=fold).astimezone(UTC) for fold in (0, 1)})


def _openings(day: date, zone: ZoneInfo, hours: BusinessHours) -> list[datetime]:
    return sorted(
        opening
        for w in hours.windows
        if w.weekday == day.weekday()
        for opening in _opening(datetime.combine(day, time(w.start // 60, w.start % 60), zone))
    )


def next_open(at: datetime, tz: str, hours: BusinessHours) -> datetime:
    """The earliest instant from `at` on when calling is allowed, as aware UTC."""
    if is_open(at, tz, hours):
        return at.astimezone(UTC)
    zone = load_zone(tz)
    day = at.astimezone(zone).date()
    while True:
        for opening in _openings(day, zone, hours):
            if opening > at and is_open(opening, tz, hours):
                return opening
        day += timedelta(days=1)
