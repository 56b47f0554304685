"""Decide whether a comment is English enough for the English lexicon and cues to read.

The lexicon, the cues and the model only know English. A Spanish complaint scored by them
would look neutral, which is worse than admitting we cannot read it: the assessment then
falls back on the rating and says so. Common function words are a cheap and reliable tell
for the languages customers most often write in; a long list or a language model is not
needed to tell "todo bien" from "all good".
"""

import re

_WORD = re.compile(r"[^\W\d_]+")

# fmt: off
_ENGLISH = frozenset({
    "the", "a", "an", "and", "or", "but", "not", "no", "is", "was", "are", "were", "be", "been", "it",
    "its", "it's", "i", "me", "my", "we", "our", "you", "your", "he", "she", "they", "them", "this",
    "that", "to", "of", "in", "on", "at", "for", "with", "from", "by", "as", "so", "if", "very", "all",
    "any", "had", "have", "has", "do", "did", "does", "can", "could", "would", "will", "just", "still",
    "again", "too", "thanks", "thank", "ok", "okay", "fine", "good", "great", "bad", "time", "call",
    "called", "after", "before", "now", "then", "there", "here", "what", "when", "why", "how", "who",
    "one", "two", "three",
})

_OTHER = frozenset({
    # Spanish, French, German, Italian, Portuguese and Dutch words that are not English ones.
    "el", "la", "los", "las", "y", "que", "de", "del", "por", "para", "con", "muy", "pero", "es",
    "está", "están", "fue", "gracias", "bien", "todo", "nada", "sin", "más", "le", "les", "et", "est",
    "très", "avec", "pour", "pas", "une", "des", "du", "mais", "sur", "été", "merci", "tout", "rien",
    "der", "die", "das", "und", "ist", "nicht", "sehr", "mit", "aber", "ich", "wir", "sie", "ein",
    "eine", "danke", "gut", "auch", "noch", "il", "lo", "gli", "è", "sono", "molto", "grazie", "tutto",
    "non", "ma", "ho", "della", "sul", "é", "não", "muito", "obrigado", "uma", "com", "het", "een",
    "en", "niet", "zeer", "maar", "dank", "goed", "ook", "nog",
})
# fmt: on


def readable_words(text: str) -> list[str]:
    """Words of letters in any script, lowercased; digits, emoji and punctuation dropped."""
    return [word.lower() for word in _WORD.findall(text)]


def is_english(words: list[str]) -> bool:
    """True unless the words are mostly in another script or clearly another language."""
    if not words:
        return True
    if not all(map(str.isascii, words)):
        latin = sum(1 for word in words if word.isascii() or _mostly_latin(word))
        if latin * 2 < len(words):
            return False
    other = sum(map(_OTHER.__contains__, words))
    return other < 2 or other <= sum(map(_ENGLISH.__contains__, words))


def _mostly_latin(word: str) -> bool:
    """Accented Latin letters (é, ñ, ü) still read as Latin script."""
    return all(char.isascii() or "\u00c0" <= char <= "\u024f" for char in word)
