"""Business hours: the spec managers write in config, and opening times on customers' clocks."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from followup.business_hours import (
    BusinessHours,
    Window,
    is_open,
    next_open,
    parse_business_hours,
    valid_timezone,
)

CHI = "America/Chicago"
WEEKDAYS = parse_business_hours("Mon-Fri 09:00-17:00")


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.mark.parametrize(
    ("spec", "windows"),
    [
        ("Mon 09:00-17:00", {(0, 540, 1020)}),
        ("mon-WED 9:00-17:00", {(0, 540, 1020), (1, 540, 1020), (2, 540, 1020)}),
        ("Mon,Wed,Fri 08:30-12:00", {(0, 510, 720), (2, 510, 720), (4, 510, 720)}),
        ("Sat-Sun 10:00-14:00, Fri 00:00-24:00", {(5, 600, 840), (6, 600, 840), (4, 0, 1440)}),
        ("Fri-Mon 10:00-11:00", {(4, 600, 660), (5, 600, 660), (6, 600, 660), (0, 600, 660)}),
        ("Mon 09:00-10:00, mon 09:00-10:00", {(0, 540, 600)}),
        (
            "Mon-Fri 09:00-12:00, Mon 12:00-13:00",
            {(d, 540, 720) for d in range(5)} | {(0, 720, 780)},
        ),
    ],
)
def test_spec_becomes_weekly_windows(spec: str, windows: set[tuple[int, int, int]]) -> None:
    parsed = {(w.weekday, w.start, w.end) for w in parse_business_hours(spec).windows}
    assert parsed == windows


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("Mon-Fri", "days but no hours"),
        ("09:00-17:00", "bad days"),
        ("Mon-Fry 09:00-17:00", "unknown day 'Fry'"),
        ("Monday 09:00-17:00", "bad days"),
        ("Mon-Fri 17:00-09:00", "after opening"),
        ("Mon-Fri 09:00-09:00", "after opening"),
        ("Mon-Fri 09:00-25:00", "bad time 25:00"),
        ("Mon-Fri 09:60-17:00", "bad time 09:60"),
        ("Mon-Fri 09:00-17:00,", "bad days ''"),
        ("Mon-Fri 09:00-17:00 Sat", "bad days"),
    ],
)
def test_bad_spec_is_refused_with_a_clear_message(spec: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_business_hours(spec)


@pytest.mark.parametrize(
    ("at", "tz", "expected"),
    [
        ("2026-11-17 09:00", "UTC", True),
        ("2026-11-17 16:59:59", "UTC", True),
        ("2026-11-17 17:00", "UTC", False),
        ("2026-11-17 08:59:59", "UTC", False),
        ("2026-11-21 12:00", "UTC", False),
        ("2026-11-17 15:00", CHI, True),
        ("2026-11-17 23:30", CHI, False),
        ("2026-11-20 23:30", "Asia/Tokyo", False),
        ("2026-11-16 00:30", "Asia/Tokyo", True),
    ],
)
def test_open_is_judged_on_local_wall_time(at: str, tz: str, expected: bool) -> None:
    assert is_open(utc(at), tz, WEEKDAYS) is expected


@pytest.mark.parametrize(
    ("spec", "at", "tz", "expected"),
    [
        ("Mon-Fri 09:00-17:00", "2026-11-17 10:15", "UTC", "2026-11-17 10:15"),
        ("Mon-Fri 09:00-17:00", "2026-11-17 05:00", "UTC", "2026-11-17 09:00"),
        ("Mon-Fri 09:00-17:00", "2026-11-20 18:30", "UTC", "2026-11-23 09:00"),
        ("Mon-Fri 09:00-17:00", "2026-11-20 23:30", CHI, "2026-11-23 15:00"),
        ("Mon-Fri 09:00-17:00", "2026-03-06 23:00", CHI, "2026-03-09 14:00"),
        ("Mon-Fri 09:00-17:00", "2026-03-27 17:00", "Europe/Berlin", "2026-03-30 07:00"),
        ("Mon-Fri 09:00-17:00, Sat 10:00-13:00", "2026-11-20 17:00", "UTC", "2026-11-21 10:00"),
        ("Mon-Fri 09:00-12:00, Mon-Fri 13:00-17:00", "2026-11-17 12:30", "UTC", "2026-11-17 13:00"),
        ("Sun 01:30-01:45", "2026-11-01 06:50", CHI, "2026-11-01 07:30"),
        ("Sun 02:30-05:00", "2026-03-08 07:00", CHI, "2026-03-08 08:00"),
        ("Sun 02:00-02:30, Mon 09:00-10:00", "2026-03-08 07:00", CHI, "2026-03-09 14:00"),
    ],
    ids=[
        "already-open",
        "early-morning",
        "friday-evening",
        "chicago-weekend",
        "chicago-spring-forward-weekend",
        "berlin-spring-forward-weekend",
        "saturday-group",
        "lunch-break",
        "repeated-autumn-hour-second-pass",
        "start-in-spring-gap-opens-when-clocks-jump",
        "window-lost-in-spring-gap",
    ],
)
def test_next_open_returns_the_next_opening_in_utc(spec: str, at: str, tz: str, expected: str) -> None:
    result = next_open(utc(at), tz, parse_business_hours(spec))
    assert result == utc(expected)
    assert result.tzinfo is UTC


def test_open_instant_given_in_local_time_comes_back_in_utc() -> None:
    local = datetime(2026, 11, 17, 10, 15, tzinfo=ZoneInfo("Europe/Berlin"))
    result = next_open(local, "Europe/Berlin", WEEKDAYS)
    assert (result, result.tzinfo) == (utc("2026-11-17 09:15"), UTC)


def test_next_open_refuses_naive_time_and_unknown_zone() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        next_open(datetime(2026, 11, 17, 10), "UTC", WEEKDAYS)
    with pytest.raises(ValueError, match="unknown timezone 'Mars/Olympus'"):
        next_open(utc("2026-11-17 10:00"), "Mars/Olympus", WEEKDAYS)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Europe/Berlin", "Europe/Berlin"),
        ("Mars/Olympus", "UTC"),
        ("../../etc/passwd", "UTC"),
        ("", "UTC"),
        (None, "UTC"),
    ],
)
def test_unknown_customer_timezone_falls_back_to_default(name: str | None, expected: str) -> None:
    assert valid_timezone(name, "UTC") == expected


def test_business_hours_compare_by_value() -> None:
    assert parse_business_hours("Mon 09:00-10:00") == BusinessHours((Window(0, 540, 600),))
