"""Turn a comment into the features the shipped linear model weighs.

The trainer (bench/train_assessment.py) and the app call this same function, so the
features a weight was learnt on are exactly the features it is applied to. Words after a
negation are marked ("not bad" gives ``w:!bad``), because "bad" and "not bad" mean
opposite things and a bag of words would otherwise add them up the same way. Each longer
word also gives its four-letter pieces, so a misspelt, abbreviated or inflected word
("cancelld", "refunding", "#neveragain") still meets what was learnt from its usual form.

A second lexicon (word valences rated by people, shipped in the model file) sums the
negative and the positive words with the same negation scope: TextBlob's lexicon is made of
adjectives and misses verbs and nouns such as "hate", "fail" or "mess". Emoticons,
which the tokenizer drops, are read from the raw text.

VADER (Hutto & Gilbert 2014, MIT licence; its lexicon ships inside the package) reads the raw
text too, with the rules a word sum lacks: "but" shifting the weight to what follows, capitals
and "!!!" for emphasis, "kind of" damping, emoji. On general tweets it ranks better than the
model alone did, so its scores are features the trained layer weighs, not a verdict of their own.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from survey.sentiment_cues import contrast_tail, find_cues, normalise
from survey.sentiment_model import load_model

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[.,;:!?]")
_MENTION_OR_URL = re.compile(r"@\w+|https?://\S+|www\.\S+")
_NEGATIONS = frozenset(
    {"not", "no", "never", "nothing", "nobody", "none", "cannot", "without", "hardly", "barely"}
)
_SCOPE_ENDS = frozenset({".", ",", ";", ":", "!", "?", "but", "although", "though", "however"})
_NEGATED_VALENCE = -0.5  # "not good" is mildly bad, not as bad as "bad"
_LEXICON_CAP = 6.0  # a long rant should not outweigh everything else in a linear model
_SAD_EMOTICONS = (":(", ":-(", ":'(", ":/", ":-/", ">:(", ":[")
_HAPPY_EMOTICONS = (":)", ":-)", ":D", ";)", ";-)", "(:", ":]", "<3")


@dataclass(frozen=True)
class TextEvidence:
    """Everything read from one comment: model features plus what the reasons quote."""

    features: dict[str, float]
    ngrams: dict[str, float]
    polarity: float
    negative_words: tuple[str, ...]
    cues: dict[str, str]


def tokens(normalised: str) -> list[str]:
    """Split into words and punctuation without NLTK, which is not available offline."""
    return _TOKEN.findall(_MENTION_OR_URL.sub(" ", normalised))


def _read_words(words: list[str], lexicon: Mapping[str, float]) -> tuple[dict[str, float], float, float]:
    """Word and bigram features, and the summed negative and positive valence, in one pass."""
    features: dict[str, float] = {}
    negated = False
    previous = "<s>"
    negative = positive = 0.0
    for word in words:
        if word in _SCOPE_ENDS:
            negated = False
        if word not in ".,;:":
            features["w:" + ("!" if negated else "") + word] = 1.0
            features["b:" + previous + " " + word] = 1.0
            previous = word
            valence = lexicon.get(word, 0.0) * (_NEGATED_VALENCE if negated else 1.0)
            if valence < 0:
                negative += valence
            else:
                positive += valence
        if word in _NEGATIONS or word.endswith("n't"):
            negated = True
    features["b:" + previous + " </s>"] = 1.0
    return features, max(negative, -_LEXICON_CAP), min(positive, _LEXICON_CAP)


def char_grams(words: list[str]) -> dict[str, float]:
    """The four-letter pieces of each word longer than three letters, with its edges marked."""
    grams: dict[str, float] = {}
    for word in words:
        if len(word) > 3:
            padded = f" {word} "
            for i in range(len(padded) - 3):
                grams["c:" + padded[i : i + 4]] = 1.0
    return grams


def emoticons(text: str) -> dict[str, float]:
    """Sad and happy emoticons: strong signals that the word tokenizer cannot see. Links are
    removed first, or every "https://" would read as ":/"."""
    text = _MENTION_OR_URL.sub(" ", text)
    return {
        "emoticon:sad": 1.0 if any(emoticon in text for emoticon in _SAD_EMOTICONS) else 0.0,
        "emoticon:happy": 1.0 if any(emoticon in text for emoticon in _HAPPY_EMOTICONS) else 0.0,
    }


@cache
def _textblob_sentiment():
    """Imported on first use: TextBlob pulls in NLTK and SciPy (about 100 MB), which processes
    that never assess an answer, such as the delivery worker, should not carry."""
    from textblob.en import sentiment

    return sentiment


@cache
def _vader_analyzer():
    """Built once: it reads its word and emoji lexicons from the package (about 0.1 s)."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def vader_features(text: str) -> dict[str, float]:
    """VADER's compound score split at zero (so each side gets its own weight) and its shares of
    negative and positive words: every value lies in [-1, 1]."""
    scores = _vader_analyzer().polarity_scores(text)
    compound = float(scores["compound"])
    return {
        "vader:negative": min(compound, 0.0),
        "vader:positive": max(compound, 0.0),
        "vader:neg_share": float(scores["neg"]),
        "vader:pos_share": float(scores["pos"]),
    }


def read_text(text: str, lexicon: Mapping[str, float] | None = None) -> TextEvidence:
    """Collect TextBlob's polarity, VADER's scores, the cue families and the word n-grams of a comment.

    TextBlob's own ``TextBlob(text).sentiment`` runs this same pattern lexicon; calling it
    directly gives the polarity and the words behind it in one pass, at twice the speed.
    ``lexicon`` is the shipped one unless the trainer, which writes it, passes its own.
    """
    score = _textblob_sentiment()(text)
    normalised = normalise(text)
    polarity, subjectivity = float(score[0]), float(score[1])
    negative_words = tuple(" ".join(words) for words, value, _, _ in score.assessments if value < 0)
    cues = find_cues(normalised)
    words = tokens(normalised)
    lexicon = load_model().lexicon if lexicon is None else lexicon
    ngrams, negative, positive = _read_words(words, lexicon)
    ngrams.update(char_grams(words))
    features: dict[str, float] = {
        "tb:negative": min(polarity, 0.0),
        "tb:positive": max(polarity, 0.0),
        "tb:subjectivity": subjectivity,
        "tb:negative_words": float(min(len(negative_words), 3)),
        "len:short": 1.0 if len(words) <= 3 else 0.0,
        "punct:question": 1.0 if "?" in words else 0.0,
        "punct:exclaim": 1.0 if "!" in words else 0.0,
        "lex:negative": negative / _LEXICON_CAP,
        "lex:positive": positive / _LEXICON_CAP,
        **emoticons(text),
        **vader_features(text),
    }
    for name in cues:
        features["cue:" + name] = 1.0
    if "contrast" in cues:
        tail = contrast_tail(normalised)  # weighed by the word lexicon: a second TextBlob pass is slow
        _, tail_negative, tail_positive = _read_words(tokens(tail), lexicon)
        tail_valence = tail_negative + tail_positive
        if tail_valence < 0 or (tail_valence <= 0 < polarity):
            features["cue:contrast_turns_negative"] = 1.0
            cues["contrast_turns_negative"] = tail
    return TextEvidence(features, ngrams, polarity, negative_words, cues)
