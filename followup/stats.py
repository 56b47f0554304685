"""The few statistics the dashboard shows, as pure functions over plain numbers.

Waiting times are skewed (most customers are called within hours, a few wait days), so the
dashboard shows the median and the 90th percentile instead of a mean one slow case would drag.
Percentiles interpolate linearly between the two nearest ranks (the "inclusive" method of
`statistics.quantiles`, numpy's default, Excel's PERCENTILE.INC), so any reader can redo them
by hand. Empty inputs give None rather than 0: "no data" must not read as "instant" or "0 %".
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

GOOD_RATINGS = frozenset({4, 5})
BAD_RATINGS = frozenset({1, 2})


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0-100) of the values, interpolated between neighbouring ranks."""
    if not 0 <= q <= 100:
        raise ValueError(f"percentile must be between 0 and 100, got {q}")
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    below = math.floor(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


def median(values: Sequence[float]) -> float | None:
    return percentile(values, 50)


def mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def share(part: int, whole: int) -> float | None:
    """part/whole as a percentage; None when there is nothing to divide."""
    return 100 * part / whole if whole else None


@dataclass(frozen=True)
class Csat:
    """Customer satisfaction counted as Zendesk does: good / (good + bad); a 3 counts for neither."""

    good: int
    bad: int
    neither: int

    @property
    def percent(self) -> float | None:
        return share(self.good, self.good + self.bad)


def csat(ratings: Iterable[int | None]) -> Csat:
    """Count a 1-5 scale into Zendesk's good/bad; answers without a rating are left out."""
    good = bad = neither = 0
    for rating in ratings:
        if rating is None:
            continue
        if rating in GOOD_RATINGS:
            good += 1
        elif rating in BAD_RATINGS:
            bad += 1
        else:
            neither += 1
    return Csat(good=good, bad=bad, neither=neither)
