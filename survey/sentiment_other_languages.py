"""Read a Spanish, French or German comment for unhappiness, as read_text reads an English one.

TextBlob and VADER know English only, and no maintained lexicon for these languages installs
from the package index without fetching data at run time (textblob-fr was last released in
2013, textblob-de in 2019, and pattern's French lexicon is adjectives only). So each language
has its own cue families and word lists (survey/sentiment_cues_es.py, _fr, _de), under the
English families' names so a manager reads the same reasons, and the n-gram model learns
each language's words from comments the team wrote (bench/train_languages.py). The features
keep the English names, but the model weighing them is a separate one.
"""

import re
import unicodedata
from functools import cache
from types import ModuleType

from survey import sentiment_cues_de, sentiment_cues_es, sentiment_cues_fr
from survey.sentiment_cues import normalise
from survey.sentiment_features import TextEvidence, char_grams, emoticons

CUES: dict[str, ModuleType] = {"es": sentiment_cues_es, "fr": sentiment_cues_fr, "de": sentiment_cues_de}
NAMES = {"es": "Spanish", "fr": "French", "de": "German"}
_TOKEN = re.compile(r"[a-z0-9ß]+|[.,;:!?]")
_MENTION_OR_URL = re.compile(r"@\w+|https?://\S+|www\.\S+")
_SCOPE_PUNCTUATION = frozenset(".,;:!?")
_COMPLAINTS = ("unresolved", "waiting", "broken_promise", "problem_report", "negated_praise", "regret")
_CAP = 3  # matches counted per word list: a long rant should not outweigh everything else


@cache
def _fold_table() -> dict[int, str]:
    """Each accented Latin letter to its base letter, one character for one, so that a match in
    the folded text has the same position in the original and the reason can quote it."""
    table = {}
    for code in range(0xC0, 0x250):
        base = unicodedata.normalize("NFKD", chr(code))[0]
        if base != chr(code) and base.isascii():
            table[code] = base
    return table


def fold(lowered: str) -> str:
    """Accent-free text of the same length: "déçu" gives "decu"; ß stays ß."""
    return lowered.translate(_fold_table())


def _read_words(words: list[str], language: str, negations: frozenset[str], ends: frozenset[str]):
    """Word and bigram features, a word after a negation marked ("no|funciona" -> "!funciona")."""
    features: dict[str, float] = {}
    negated = False
    previous = "<s>"
    for word in words:
        if word in _SCOPE_PUNCTUATION or word in ends:
            negated = False
        if word not in _SCOPE_PUNCTUATION:
            features[f"{language}|w:{'!' if negated else ''}{word}"] = 1.0
            features[f"{language}|b:{previous} {word}"] = 1.0
            previous = word
        if word in negations:
            negated = True
    features[f"{language}|b:{previous} </s>"] = 1.0
    return features


def read_other(text: str, language: str) -> TextEvidence:
    """The cue families, word-list counts and n-grams of a comment in ``language``.
    Polarity stays 0.0: it is TextBlob's, which reads English only."""
    cues_of = CUES[language]
    lowered = normalise(unicodedata.normalize("NFC", text))
    folded = fold(lowered)
    cues: dict[str, str] = {}
    for family in cues_of.FAMILIES:
        match = family.pattern.search(folded)
        if match:
            cues[family.name] = lowered[match.start() : match.end()].strip(" ,.!?¿¡")
    words = _TOKEN.findall(_MENTION_OR_URL.sub(" ", folded))
    ngrams = _read_words(words, language, cues_of.NEGATIONS, cues_of.SCOPE_ENDS)
    ngrams.update({f"{language}|{name}": value for name, value in char_grams(words).items()})
    negative = [lowered[m.start() : m.end()] for m in cues_of.NEGATIVE.finditer(folded)]
    positive = len(cues_of.POSITIVE.findall(folded))
    features: dict[str, float] = {
        f"lang:{language}": 1.0,
        "len:short": 1.0 if len(words) <= 3 else 0.0,
        "punct:question": 1.0 if "?" in words else 0.0,
        "punct:exclaim": 1.0 if "!" in words else 0.0,
        "lex:negative": min(len(negative), _CAP) / _CAP,
        "lex:positive": min(positive, _CAP) / _CAP,
        **emoticons(text),
    }
    if "contrast" in cues:
        _contrast_tail(cues_of, lowered, folded, cues)
    for name in cues:
        features["cue:" + name] = 1.0
    return TextEvidence(features, ngrams, 0.0, tuple(dict.fromkeys(negative)), cues)


def _contrast_tail(cues_of: ModuleType, lowered: str, folded: str, cues: dict[str, str]) -> None:
    """After "pero", "mais", "aber" comes what the customer means: note it if it complains."""
    contrast = next(family for family in cues_of.FAMILIES if family.name == "contrast")
    start = [match.end() for match in contrast.pattern.finditer(folded)][-1]
    tail = folded[start:]
    complains = cues_of.NEGATIVE.search(tail) or any(
        family.pattern.search(tail) for family in cues_of.FAMILIES if family.name in _COMPLAINTS
    )
    if complains:
        cues["contrast_turns_negative"] = lowered[start:].strip(" ,.!?¿¡")
