"""The dashboard's statistics: values checked by hand, and the "no data" cases that must not read as 0."""

from __future__ import annotations

import statistics

import pytest

from followup.stats import Csat, csat, mean, median, percentile, share


def test_median_of_odd_and_even_counts():
    assert median([7, 1, 3]) == 3
    assert median([4, 1, 3, 2]) == 2.5  # halfway between 2 and 3


def test_percentile_interpolates_between_ranks():
    # [2, 4, 8]: rank (3 - 1) * 0.9 = 1.8, so 4 + 0.8 * (8 - 4) = 7.2
    assert percentile([8, 2, 4], 90) == pytest.approx(7.2)
    # [1, 2, 3, 4]: rank 3 * 0.9 = 2.7, so 3 + 0.7 * 1 = 3.7
    assert percentile([1, 2, 3, 4], 90) == pytest.approx(3.7)
    assert percentile([1, 2, 3, 4], 0) == 1 and percentile([1, 2, 3, 4], 100) == 4


def test_percentile_agrees_with_the_standard_librarys_inclusive_method():
    values = [0.5, 13, 2, 7, 7, 40, 1.25, 9, 3, 100, 21]
    deciles = statistics.quantiles(values, n=10, method="inclusive")
    assert [percentile(values, q) for q in range(10, 100, 10)] == pytest.approx(deciles)


def test_a_single_value_is_every_percentile_and_no_values_give_none():
    assert percentile([5.0], 90) == 5.0 and median([5.0]) == 5.0
    assert percentile([], 90) is None and median([]) is None and mean([]) is None


def test_percentile_outside_0_to_100_is_refused():
    with pytest.raises(ValueError, match="between 0 and 100"):
        percentile([1, 2], 101)


def test_csat_counts_4_and_5_good_1_and_2_bad_and_3_neither():
    counted = csat([5, 4, 3, 2, 1, None, 5])
    assert counted == Csat(good=3, bad=2, neither=1)
    assert counted.percent == pytest.approx(60.0)  # 3 / (3 + 2); the 3 and the unrated answer are left out


def test_csat_of_only_neutral_ratings_is_unknown_not_zero():
    assert csat([3, 3]).percent is None
    assert csat([1]).percent == 0.0


def test_share_is_a_percentage_and_none_of_nothing():
    assert share(7, 9) == pytest.approx(77.777, abs=0.001)
    assert share(0, 0) is None
