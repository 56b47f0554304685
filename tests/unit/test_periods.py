"""Reading the dashboard's period: presets, dates in the reader's zone, and what is refused."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from followup.periods import PeriodError, parse_period

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
UTC_ZONE, CHICAGO = ZoneInfo("UTC"), ZoneInfo("America/Chicago")


def test_presets_end_now_and_thirty_days_is_the_default():
    week = parse_period({"days": "7"}, NOW, UTC_ZONE)
    assert (week.start, week.end, week.days) == (datetime(2026, 11, 16, 15, tzinfo=UTC), NOW, 7)
    assert week.label == "the last 7 days"
    assert parse_period({}, NOW, UTC_ZONE).start == datetime(2026, 10, 24, 15, tzinfo=UTC)


def test_dates_are_whole_days_in_the_readers_zone_both_included():
    period = parse_period({"from": "2026-11-09", "to": "2026-11-22"}, NOW, CHICAGO)
    # Chicago is UTC-6 in November: its midnight is 06:00 UTC.
    assert period.start == datetime(2026, 11, 9, 6, tzinfo=UTC)
    assert period.end == datetime(2026, 11, 23, 6, tzinfo=UTC)
    assert (period.first_day, period.last_day) == (date(2026, 11, 9), date(2026, 11, 22))
    assert period.label == "09 Nov 2026 to 22 Nov 2026"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"days": "10"}, "7, 30 or 90"),
        ({"days": "abc"}, "7, 30 or 90"),
        ({"from": "2026-11-01"}, "'to'"),
        ({"from": "2026-13-01", "to": "2026-11-02"}, "'from'"),
        ({"from": "2026-02-30", "to": "2026-03-02"}, "'from'"),
        ({"from": "20261101", "to": "2026-11-02"}, "'from'"),
        ({"from": "2026-11-22", "to": "2026-11-01"}, "comes before"),
        ({"from": "2025-01-01", "to": "2026-11-01"}, "at most 366"),
        ({"days": "7", "from": "2026-11-01", "to": "2026-11-02"}, "not both"),
    ],
)
def test_anything_else_is_refused_with_a_message_for_the_reader(args, message):
    with pytest.raises(PeriodError, match=message):
        parse_period(args, NOW, UTC_ZONE)
