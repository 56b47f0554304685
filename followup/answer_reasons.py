"""Why an answer was judged unhappy (or not), worded for the manager who is about to call.

The assessment stores its reasons as it found them: a rating that argued the other way ("rating
5 of 5" beside an unhappy verdict), notes on how it read the comment, the same cue twice. A
manager needs each reason once, only those that pushed towards the verdict, and how sure the
verdict is in words rather than as 0.65.

Pure: plain values in, plain values out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_RATING = re.compile(r"rating (\d) of 5")
# Notes on how the comment was read, not reasons: "assessed on rating only", "first 5,000 characters".
_NOTE = re.compile(r"assessed on|language not supported|comment has no words")
UNHAPPY_RATINGS = (1, 2, 3)  # a 3 leans unhappy (survey/sentiment.py RATING_SHIFT)


@dataclass(frozen=True)
class Explanation:
    verdict: str  # "unhappy" | "ok"
    strength: str  # "strong hint", "clear hint", "mild hint"
    reasons: tuple[str, ...]
    notes: tuple[str, ...]


def strength(unhappy: bool, unhappiness: float) -> str:
    """How sure the verdict is: the distance of the score from the 0.5 cut-off, in words."""
    sureness = unhappiness if unhappy else 1 - unhappiness
    if sureness >= 0.9:
        return "strong hint"
    if sureness >= 0.7:
        return "clear hint"
    return "mild hint"


def _pushed_towards(reason: str, unhappy: bool) -> bool:
    rating = _RATING.fullmatch(reason)
    if rating is None:
        return True  # cues and words are kept by the assessment only when they back the verdict
    return (int(rating.group(1)) in UNHAPPY_RATINGS) == unhappy


def explain(unhappy: bool, unhappiness: float, reasons: Sequence[str]) -> Explanation:
    """The verdict, its strength, and each reason once, in the order the assessment gave them."""
    unique = [reason.strip() for reason in dict.fromkeys(reasons) if reason.strip()]
    notes = tuple(reason for reason in unique if _NOTE.search(reason))
    kept = tuple(r for r in unique if r not in notes and _pushed_towards(r, unhappy))
    return Explanation("unhappy" if unhappy else "ok", strength(unhappy, unhappiness), kept, notes)
