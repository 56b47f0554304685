"""How well the assessment works here, as estimates with their uncertainty: plain numbers in and out.

A small team has a handful of verdicts and spot checks a month; a figure without its interval
would look far surer than it is. Intervals are Wilson score intervals (Wilson 1927; Newcombe
1998 compares it with the alternatives): unlike the textbook p ± z·se it stays inside [0, 1]
and keeps close to its coverage at n = 5 or 10, and it needs no statistics library.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

Z90 = 1.6448536269514722  # the standard normal's 95th percentile: a two-sided 90% interval
Z95 = 1.959963984540054  # its 97.5th: each of two 95% intervals, together at least 90%


@dataclass(frozen=True)
class Estimate:
    value: float | None  # None while there is nothing to estimate from
    n: int  # how many judged cases it stands on
    interval: tuple[float, float]

    def as_json(self) -> dict:
        rounded = None if self.value is None else round(self.value, 4)
        return {"value": rounded, "n": self.n, "interval": [round(bound, 4) for bound in self.interval]}


def wilson(k: int, n: int, z: float = Z90) -> tuple[float, float]:
    """Wilson score interval for k successes in n trials; all of [0, 1] when n is 0."""
    if n == 0:
        return 0.0, 1.0
    p, z2 = k / n, z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = z / (1 + z2 / n) * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


def proportion(k: int, n: int) -> Estimate:
    return Estimate(k / n if n else None, n, wilson(k, n))


def recall(flagged: int, right: int, judged: int, read_fine: int, misses: int, checked: int) -> Estimate:
    """Recall = caught / (caught + missed), both scaled to the period's answers.

    caught = flagged answers x precision (right / judged verdicts); missed = answers read as
    fine x the spot checks' miss rate (misses / checked). `n` is the spot checks: recall stands
    or falls with them. The interval puts together a 95% Wilson interval for each rate (so both
    hold at once at least 90% of the time) and takes recall at their least and most favourable
    ends; the value is None until both rates have data and someone was unhappy.
    """
    if checked == 0 or judged == 0:
        return Estimate(None, checked, (0.0, 1.0))
    precision_low, precision_high = wilson(right, judged, Z95)
    miss_low, miss_high = wilson(misses, checked, Z95)
    value = _share(flagged * right / judged, read_fine * misses / checked)
    low = _share(flagged * precision_low, read_fine * miss_high)
    high = _share(flagged * precision_high, read_fine * miss_low)
    return Estimate(value, checked, (0.0 if low is None else low, 1.0 if high is None else high))


def _share(caught: float, missed: float) -> float | None:
    return caught / (caught + missed) if caught + missed > 0 else None


@dataclass(frozen=True)
class Labelled:
    """A judged answer: its stored score, rating, what the assessment said and what was true."""

    unhappiness: float
    rating: int | None
    flagged: bool  # read as unhappy when it was assessed (called, so judged by a verdict)
    unhappy: bool  # what the call or the spot check found


@dataclass(frozen=True)
class CalibrationRow:
    threshold: float
    recall: float | None
    precision: float | None
    calls_per_week: float


def flags(unhappiness: float, rating: int | None, threshold: float) -> bool:
    """The assessment's rule (survey/sentiment.py): above the threshold, or rated 1 or 2."""
    return unhappiness > threshold or (rating is not None and rating <= 2)


def calibrate(
    labelled: Sequence[Labelled],
    scores: Iterable[tuple[float, int | None, bool]],
    weeks: float,
    thresholds: Sequence[float],
) -> list[CalibrationRow]:
    """Expected recall, precision and calls a week at each threshold, from this team's labels.

    Verdicts judge only answers that were flagged, spot checks only answers read as fine, so
    each judged answer stands for its side: weighted by (answers on that side) / (judged on
    that side), the usual inverse-probability weighting of a stratified sample. `scores` are
    every answer's (unhappiness, rating, flagged); calls a week count the answers a threshold
    flags, which needs no label at all. A side with no judged answer adds nothing (the CLI
    says so): without spot checks the misses below the old threshold are unknown.
    """
    everyone = list(scores)
    on_side = {side: sum(1 for *_, flagged in everyone if flagged == side) for side in (True, False)}
    judged = {side: sum(1 for item in labelled if item.flagged == side) for side in (True, False)}
    weight = {side: on_side[side] / judged[side] if judged[side] else 0.0 for side in (True, False)}
    rows = []
    for threshold in thresholds:
        caught = wrong = missed = 0.0
        for item in labelled:
            w, called = weight[item.flagged], flags(item.unhappiness, item.rating, threshold)
            if item.unhappy and called:
                caught += w
            elif called:
                wrong += w
            elif item.unhappy:
                missed += w
        calls = sum(1 for score, rating, _ in everyone if flags(score, rating, threshold))
        rows.append(
            CalibrationRow(
                threshold,
                _share(caught, missed),
                _share(caught, wrong),
                calls / weeks if weeks > 0 else 0.0,
            )
        )
    return rows
