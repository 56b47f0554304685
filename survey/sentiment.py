"""Decide whether a survey answer comes from an unhappy customer, and say why.

The product exists to call unhappy customers, and most of them do not say so outright:
"fine I guess", "third time I had to call", "5 stars, but the tech was late again". So the
comment is read by TextBlob's and VADER's lexicons *and* by cues for what a lexicon misses (repeat
contact, waiting, broken promises, hedging, contrast, sarcasm...), weighed by a model
trained on labelled data, and then combined with the rating. A comment in Spanish, French
or German ("bien, supongo", "naja, geht so") is read by those languages' own cues and model;
one in another language is assessed on the rating, and the reasons say so. A missed unhappy customer
costs more than a friendly call, but a queue of false alarms gets ignored: the cut-off finds at
least 85% of unhappy customers while keeping three calls in four worth making (DEFAULT_THRESHOLD).

Pure: plain values in, plain values out; no Flask, no database, no network.
"""

import math
from dataclasses import dataclass

from survey.sentiment_cues import FAMILIES_BY_NAME
from survey.sentiment_features import read_text
from survey.sentiment_language import ENGLISH, OTHER, language_of, readable_words
from survey.sentiment_model import Scored, load_model
from survey.sentiment_other_languages import NAMES, read_other

MAX_CHARS = 5_000  # longer comments are cut: the opening says what matters, and time is bounded
# Log-odds added to the comment's margin for each rating. A 3 leans unhappy; a 4 or 5 needs a
# real complaint in the text to be overruled, but can be ("5 stars, but ... late again").
RATING_SHIFT = {1: 4.0, 2: 3.0, 3: 1.0, 4: -0.7, 5: -1.2}
RATING_ONLY = {1: 4.0, 2: 3.0, 3: 1.0, 4: -2.0, 5: -3.0}
ALWAYS_UNHAPPY_MARGIN = 2.0  # a 1 or 2 is unhappy whatever the comment says
# The `unhappiness` above which an answer is unhappy; a team moves it with ASSESSMENT_THRESHOLD
# after `flask assessment calibrate` (a 1 or 2 stays unhappy whatever it is). The trainer puts
# the cut it chose at 0.5 in every model it writes (bench/train_assessment.py, ``_cut``: recall
# >= .85 and precision >= .75 on each judged set), so 0.5 is that balance for a team's model too.
DEFAULT_THRESHOLD = 0.5
_LABELS = {name: family.label for name, family in FAMILIES_BY_NAME.items()}
_LABELS["contrast_turns_negative"] = "turns negative after a contrast"


@dataclass(frozen=True)
class Assessment:
    """The verdict on one answer; ``unhappiness`` ranks answers, ``reasons`` explain it."""

    assessed: bool
    unhappy: bool
    unhappiness: float
    polarity: float
    reasons: tuple[str, ...]


def assess(text: str | None, rating: int | None = None, threshold: float = DEFAULT_THRESHOLD) -> Assessment:
    """Assess a survey answer from its comment and its 1-5 rating, either of which may be missing."""
    if rating is not None and rating not in RATING_SHIFT:
        raise ValueError(f"rating must be 1 to 5 or None, got {rating!r}")
    comment = (text or "").strip()
    notes: list[str] = []
    if len(comment) > MAX_CHARS:
        comment = comment[:MAX_CHARS]
        notes.append(f"long comment: assessed on its first {MAX_CHARS:,} characters")
    words = readable_words(comment)
    language = language_of(words, comment)
    if comment and language == OTHER:
        notes.append("language not supported: assessed on rating only")
        comment = ""
    if not comment:
        return _rating_only(rating, notes, threshold)
    if language == ENGLISH:
        evidence, layers = read_text(comment), load_model().english
    else:
        evidence, layers = read_other(comment, language), load_model().other_languages
        notes.append(f"comment in {NAMES[language]}: assessed on that language's cues and model")
    scored = layers.score(evidence.features, evidence.ngrams)
    if not words and not _cue_reasons(scored, evidence.cues, unhappy=True):
        return _rating_only(rating, [*notes, "comment has no words: assessed on rating only"], threshold)
    margin = scored.margin
    if rating is not None:
        margin += RATING_SHIFT[rating]
        if rating <= 2:
            margin = max(margin, ALWAYS_UNHAPPY_MARGIN)
    unhappy = _unhappy(margin, rating, threshold)
    reasons = [*_rating_reason(rating), *_cue_reasons(scored, evidence.cues, unhappy)]
    if unhappy and evidence.negative_words:
        reasons.append("negative words: " + _quoted(evidence.negative_words))
    if unhappy:
        reasons.extend(_model_reason(scored))
    return Assessment(True, unhappy, _sigmoid(margin), evidence.polarity, (*reasons, *notes))


def _rating_only(rating: int | None, notes: list[str], threshold: float) -> Assessment:
    if rating is None:
        return Assessment(False, False, 0.0, 0.0, tuple(notes))
    margin = RATING_ONLY[rating]
    unhappy = _unhappy(margin, rating, threshold)
    return Assessment(True, unhappy, _sigmoid(margin), 0.0, (*_rating_reason(rating), *notes))


def _unhappy(margin: float, rating: int | None, threshold: float) -> bool:
    """Above the threshold, or a rating of 1 or 2 (which no threshold may overrule)."""
    return _sigmoid(margin) > threshold or (rating is not None and rating <= 2)


def _rating_reason(rating: int | None) -> list[str]:
    return [] if rating is None else [f"rating {rating} of 5"]


def _cue_reasons(scored: Scored, cues: dict[str, str], unhappy: bool) -> list[str]:
    """Only the cues that pushed the way the verdict went explain it."""
    reasons = []
    for name, snippet in cues.items():
        weight = scored.cue_contributions.get("cue:" + name, 0.0)
        if (weight > 0) == unhappy and weight != 0:
            reasons.append(f"{_LABELS[name]}: '{snippet}'")
    return reasons


def _model_reason(scored: Scored) -> list[str]:
    """Name the words behind the n-gram model's share, if it pushed towards unhappy."""
    if scored.cue_contributions.get("ngram:logit", 0.0) <= 0:
        return []
    names = ((name.rpartition("|")[2], value) for name, value in scored.ngram_contributions.items())
    words = sorted(((value, name[2:]) for name, value in names if value > 0.2 and name[:2] == "w:"))
    shown = [word.replace("!", "not ", 1) for _, word in reversed(words[-3:])]
    return ["words the model links to unhappiness: " + _quoted(shown)] if shown else []


def _quoted(words: tuple[str, ...] | list[str]) -> str:
    return ", ".join(f"'{word}'" for word in dict.fromkeys(words))


def _sigmoid(margin: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(min(margin, 30.0), -30.0)))
