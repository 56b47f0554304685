"""Reading the dashboard's period: presets, dates in the reader's zone, and what is refused."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from followup.periods import PeriodError, parse_period, pieces, week_starts

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


@pytest.mark.parametrize("zone", ["UTC", "Asia/Kolkata", "Asia/Kathmandu", "America/Chicago"])
@pytest.mark.parametrize("watermark_hours_ago", [None, 0, 5, 24 * 9, 24 * 40])
def test_pieces_tile_the_period_and_only_whole_hours_before_the_watermark_are_rolled(
    zone, watermark_hours_ago
):
    now = datetime(2026, 11, 25, 13, 37, 12, tzinfo=UTC)
    for args in ({"days": "30"}, {"from": "2026-11-02", "to": "2026-11-15"}):
        period = parse_period(args, now, ZoneInfo(zone))
        mark = (
            None
            if watermark_hours_ago is None
            else now.replace(minute=0, second=0) - timedelta(hours=watermark_hours_ago)
        )
        found = pieces(period, mark)
        assert found[0].start == period.start and found[-1].end == period.end
        assert all(a.end == b.start for a, b in zip(found, found[1:], strict=False))
        starts = week_starts(period)
        for piece in found:
            assert (
                starts[piece.week] <= piece.start
                and piece.end <= (starts[piece.week + 1 :] or [period.end])[0]
            )
            if piece.rolled:
                assert mark is not None and piece.end <= mark
                assert piece.start.minute == piece.start.second == piece.end.minute == piece.end.second == 0
        if zone == "UTC" and args.get("from") and mark is not None and mark >= period.end:
            assert all(piece.rolled for piece in found)  # whole-hour zone, whole days: no row read
