"""The quality figures' arithmetic: Wilson intervals against published and hand-worked values,
recall from precision and the spot checks' miss rate, and the calibration table."""

import pytest

from followup.quality_estimates import (
    Z95,
    CalibrationRow,
    Labelled,
    calibrate,
    flags,
    proportion,
    recall,
    wilson,
)


@pytest.mark.parametrize(
    ("k", "n", "low", "high"),
    [  # Newcombe (1998), Statistics in Medicine 17:857, table I, method 3 (Wilson score, 95%)
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_wilson_95_matches_newcombes_table(k, n, low, high):
    assert wilson(k, n, Z95) == pytest.approx((low, high), abs=5e-5)


def test_wilson_90_worked_by_hand():
    # 8 of 10, z = 1.6449, z^2 = 2.7055: centre (0.8 + 0.13528) / 1.27055 = 0.73612,
    # half 1.6449 / 1.27055 * sqrt(0.016 + 0.0067639) = 1.29460 * 0.15088 = 0.19533.
    assert wilson(8, 10) == pytest.approx((0.5408, 0.9314), abs=1e-4)
    assert wilson(10, 10)[1] == 1.0 and wilson(0, 10)[0] == 0.0


def test_nothing_to_go_on_is_a_null_value_and_the_whole_range():
    assert proportion(0, 0).as_json() == {"value": None, "n": 0, "interval": [0.0, 1.0]}
    assert recall(flagged=10, right=8, judged=10, read_fine=100, misses=0, checked=0).as_json() == {
        "value": None,
        "n": 0,
        "interval": [0.0, 1.0],
    }


def test_recall_scales_both_rates_to_the_periods_answers():
    # 10 flagged at precision 8/10: 8 caught. 100 read as fine at a miss rate of 1/10: 10 missed.
    estimate = recall(flagged=10, right=8, judged=10, read_fine=100, misses=1, checked=10)
    assert estimate.value == pytest.approx(8 / 18) and estimate.n == 10
    p_low, p_high = wilson(8, 10, Z95)
    m_low, m_high = wilson(1, 10, Z95)
    assert estimate.interval == pytest.approx(
        (10 * p_low / (10 * p_low + 100 * m_high), 10 * p_high / (10 * p_high + 100 * m_low))
    )
    # No miss found: recall is 1, but ten spot checks cannot rule out a few percent missed.
    sure = recall(flagged=10, right=8, judged=10, read_fine=100, misses=0, checked=10)
    assert sure.value == 1.0 and sure.interval[1] == 1.0 and sure.interval[0] < 0.5


def test_a_rating_of_one_or_two_is_flagged_at_any_threshold():
    assert flags(0.1, 2, 0.9) and flags(0.1, 1, 0.9) and not flags(0.1, 3, 0.09 + 0.02)


def test_calibration_weights_each_judged_answer_by_its_side():
    # Flagged side: 4 answers, 3 judged (weight 4/3); fine side: 6 answers, 2 judged (weight 3).
    labelled = [
        Labelled(0.9, 4, True, True),
        Labelled(0.6, 3, True, False),
        Labelled(0.55, 4, True, True),
        Labelled(0.4, 4, False, True),
        Labelled(0.2, 5, False, False),
    ]
    scores = [(0.9, 4, True), (0.6, 3, True), (0.55, 4, True), (0.7, 4, True)]
    scores += [
        (0.4, 4, False),
        (0.2, 5, False),
        (0.1, 5, False),
        (0.1, 5, False),
        (0.3, 5, False),
        (0.45, 5, False),
    ]
    rows = calibrate(labelled, scores, weeks=2, thresholds=[0.35, 0.5, 0.65])
    assert rows == [
        # caught 4/3 + 4/3 + 3, wrong 4/3, missed none; 6 answers above 0.35 in two weeks
        CalibrationRow(0.35, pytest.approx(1.0), pytest.approx(17 / 21), 3.0),
        # the miss at 0.4 (weight 3) is below: recall (8/3) / (8/3 + 3)
        CalibrationRow(0.5, pytest.approx(8 / 17), pytest.approx(2 / 3), 2.0),
        CalibrationRow(0.65, pytest.approx(4 / 17), pytest.approx(1.0), 1.0),
    ]
