"""Turn a comment into the features the shipped linear model weighs.

The trainer (bench/train_assessment.py) and the app call this same function, so the
features a weight was learnt on are exactly the features it is applied to. Words after a
negation are marked ("not bad" gives ``w:!bad``), because "bad" and "not bad" mean
opposite things and a bag of words would otherwise add them up the same way.
"""

import re
from dataclasses import dataclass

from textblob.en import sentiment as textblob_sentiment

from survey.sentiment_cues import contrast_tail, find_cues, normalise

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[.,;:!?]")
_MENTION_OR_URL = re.compile(r"@\w+|https?://\S+|www\.\S+")
_NEGATIONS = frozenset(
    {"not", "no", "never", "nothing", "nobody", "none", "cannot", "without", "hardly", "barely"}
)
_SCOPE_ENDS = frozenset({".", ",", ";", ":", "!", "?", "but", "although", "though", "however"})


@dataclass(frozen=True)
class TextEvidence:
    """Everything read from one comment: model features plus what the reasons quote."""

    features: dict[str, float]
    polarity: float
    negative_words: tuple[str, ...]
    cues: dict[str, str]


def tokens(normalised: str) -> list[str]:
    """Split into words and punctuation without NLTK, which is not available offline."""
    return _TOKEN.findall(_MENTION_OR_URL.sub(" ", normalised))


def _word_features(words: list[str], features: dict[str, float]) -> None:
    negated = False
    previous = "<s>"
    for word in words:
        if word in _SCOPE_ENDS:
            negated = False
        if word not in ".,;:":
            features["w:" + ("!" if negated else "") + word] = 1.0
            features["b:" + previous + " " + word] = 1.0
            previous = word
        if word in _NEGATIONS or word.endswith("n't"):
            negated = True
    features["b:" + previous + " </s>"] = 1.0


def read_text(text: str) -> TextEvidence:
    """Collect TextBlob's polarity, the cue families and the word n-grams of a comment.

    TextBlob's own ``TextBlob(text).sentiment`` runs this same pattern lexicon; calling it
    directly gives the polarity and the words behind it in one pass, at twice the speed.
    """
    score = textblob_sentiment(text)
    normalised = normalise(text)
    polarity, subjectivity = float(score[0]), float(score[1])
    negative_words = tuple(" ".join(words) for words, value, _, _ in score.assessments if value < 0)
    cues = find_cues(normalised)
    words = tokens(normalised)
    features: dict[str, float] = {
        "tb:negative": min(polarity, 0.0),
        "tb:positive": max(polarity, 0.0),
        "tb:subjectivity": subjectivity,
        "tb:negative_words": float(min(len(negative_words), 3)),
        "len:short": 1.0 if len(words) <= 3 else 0.0,
        "punct:question": 1.0 if "?" in words else 0.0,
        "punct:exclaim": 1.0 if "!" in words else 0.0,
    }
    for name in cues:
        features["cue:" + name] = 1.0
    if "contrast" in cues:
        tail = contrast_tail(normalised)
        tail_polarity = float(textblob_sentiment(tail)[0]) if tail else 0.0
        if tail_polarity < 0 or (tail_polarity <= 0 < polarity):
            features["cue:contrast_turns_negative"] = 1.0
            cues["contrast_turns_negative"] = tail
    _word_features(words, features)
    return TextEvidence(features, polarity, negative_words, cues)
