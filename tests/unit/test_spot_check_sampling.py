"""How many answers a week's spot check draws, and which week it is."""

from datetime import UTC, datetime

import pytest

from followup.spot_checks import last_full_week, sample_size


@pytest.mark.parametrize(
    ("population", "percent", "expected"),
    [
        (0, 5, 0),  # nothing read as fine: nothing to read
        (2, 5, 2),  # fewer than three: all of them
        (3, 5, 3),
        (40, 5, 3),  # 5% is 2: still three
        (60, 5, 3),
        (61, 5, 4),  # 3.05 rounds up: a sample never falls short of the share asked for
        (1000, 5, 50),
        (1000, 0, 3),
        (10, 100, 10),
    ],
)
def test_the_share_rounded_up_at_least_three_never_more_than_there_are(population, percent, expected):
    assert sample_size(population, percent) == expected


def test_the_last_full_week_runs_monday_to_monday_in_the_teams_zone():
    # Sunday 1 Nov 2026 (US clocks go back that day), 18:00 in Chicago; the week before ran
    # from Monday 19 Oct to Monday 26 Oct, both at midnight in Chicago (CDT, UTC-5).
    monday, start, end = last_full_week(datetime(2026, 11, 1, 23, 0, tzinfo=UTC), "America/Chicago")
    assert str(monday) == "2026-10-19"
    assert (start, end) == (datetime(2026, 10, 19, 5, tzinfo=UTC), datetime(2026, 10, 26, 5, tzinfo=UTC))
    # Monday 2 Nov, 00:30 in Chicago (CST, UTC-6): the week that just ended, 25 Oct to 2 Nov.
    monday, start, end = last_full_week(datetime(2026, 11, 2, 6, 30, tzinfo=UTC), "America/Chicago")
    assert str(monday) == "2026-10-26"
    assert (start, end) == (datetime(2026, 10, 26, 5, tzinfo=UTC), datetime(2026, 11, 2, 6, tzinfo=UTC))
