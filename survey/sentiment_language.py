"""Decide which language a comment is written in, among those the assessment can read.

English has the full lexicon, cues and model; Spanish, French and German have cues and a
model of their own (survey/sentiment_other_languages.py). A comment in any other language
scored by them would look neutral, which is worse than admitting we cannot read it: the
assessment then falls back on the rating and says so. Common function words, and letters
only one language uses (ñ, ç, ß), are a cheap and reliable tell for the languages customers
most often write in; a language model is not needed to tell "todo bien" from "all good".
"""

import re
from collections.abc import Mapping

from survey.sentiment_model import load_model
from survey.sentiment_other_languages import fold

_WORD = re.compile(r"[^\W\d_]+")
ENGLISH = "en"
READ = ("es", "fr", "de")  # besides English
OTHER = "other"

# fmt: off
ENGLISH_WORDS = frozenset({
    "the", "a", "an", "and", "or", "but", "not", "no", "is", "was", "are", "were", "be", "been", "it",
    "its", "it's", "i", "me", "my", "we", "our", "you", "your", "he", "she", "they", "them", "this",
    "that", "to", "of", "in", "on", "at", "for", "with", "from", "by", "as", "so", "if", "very", "all",
    "any", "had", "have", "has", "do", "did", "does", "can", "could", "would", "will", "just", "still",
    "again", "too", "thanks", "thank", "ok", "okay", "fine", "good", "great", "bad", "time", "call",
    "called", "after", "before", "now", "then", "there", "here", "what", "when", "why", "how", "who",
    "one", "two", "three",
})

# Common words of each language. A word English shares ("no", "on", "so") adds to a language
# that two words of its own already point to, and never tips a comment away from English alone.
_WORDS = {
    "es": frozenset({
        "el", "la", "los", "las", "un", "una", "y", "que", "de", "del", "por", "para", "con", "muy",
        "pero", "es", "está", "esta", "están", "fue", "gracias", "bien", "todo", "toda", "nada", "sin",
        "más", "mas", "le", "les", "lo", "se", "su", "ya", "sí", "ni", "al", "nadie", "nunca", "sigue",
        "sigo", "todavía", "aún", "otra", "vez", "veces", "porque", "cuando", "como", "qué", "mucho",
        "poco", "servicio", "atención", "técnico", "llamada", "perfecto", "genial", "vale", "bueno",
        "buena", "mal", "malo", "pues", "eso", "esto", "supongo", "creo", "veremos", "hay", "tuve",
        "tengo", "estoy", "no", "me", "mi", "te", "a",
    }),
    "fr": frozenset({
        "le", "la", "les", "un", "une", "des", "du", "de", "et", "est", "été", "très", "avec", "pour",
        "pas", "mais", "sur", "merci", "tout", "tous", "toute", "rien", "je", "j", "il", "elle", "nous",
        "vous", "ça", "ca", "qu", "que", "qui", "ne", "toujours", "jamais", "personne", "fois", "mon",
        "mes", "votre", "bien", "bon", "bonne", "trop", "depuis", "avait", "était",
        "fait", "faut", "sans", "aucun", "aucune", "déçu", "déçue", "parfait", "génial", "nul", "bof",
        "moyen", "ouais", "mouais", "suis", "au", "aux", "ce", "cette", "en", "a", "on", "ai",
    }),
    "de": frozenset({
        "der", "das", "und", "ist", "nicht", "sehr", "mit", "aber", "ich", "wir", "sie", "ein",
        "eine", "einen", "danke", "gut", "auch", "noch", "schon", "wieder", "immer", "nur", "kein",
        "keine", "keiner", "nichts", "niemand", "wurde", "habe", "hatte", "sind",
        "zu", "zum", "zur", "vom", "von", "bei", "für", "auf", "aus", "nach", "seit", "mal", "dass",
        "ganz", "alles", "geht", "mir", "mich", "mein", "meine", "euch", "ihr", "bitte", "naja",
        "leider", "jetzt", "heute", "termin", "techniker", "schnell", "so", "was", "in", "will", "es",
        "ja", "im", "die", "war", "am", "hat", "bin",
    }),
    # Languages we recognise but do not read: Italian, Portuguese and Dutch.
    OTHER: frozenset({
        "il", "lo", "gli", "è", "sono", "molto", "grazie", "tutto", "non", "ma", "ho", "della", "sul",
        "é", "não", "muito", "obrigado", "obrigada", "uma", "com", "het", "een", "niet", "zeer", "maar",
        "dank", "goed", "ook", "nog", "perché", "ancora", "você", "também", "nessuno", "sempre",
        "anche", "ninguém", "nenhum", "ainda", "atendimento", "péssimo", "ruim", "servizio",
    }),
}
# Words of those lists that are English words too: like "no" and "on", they count for both.
_ALSO_ENGLISH = ENGLISH_WORDS | {"die", "war", "am", "hat", "bin", "ya", "y", "sin", "con", "mal", "son"}
_LETTERS = {
    "es": frozenset("ñ¿¡áíóú"),
    "fr": frozenset("çœèêàùâîôûë"),
    "de": frozenset("äöüß"),
    OTHER: frozenset("ãõìò"),  # Portuguese and Italian
}
_COMMON: dict[str, tuple[str, ...]] = {}
for _language, _words in _WORDS.items():
    for _word in _words:
        _COMMON[_word] = (*_COMMON.get(_word, ()), _language)
# fmt: on


def readable_words(text: str) -> list[str]:
    """Words of letters in any script, lowercased; digits, emoji and punctuation dropped."""
    return [word.lower() for word in _WORD.findall(text)]


def language_of(
    words: list[str], text: str = "", vocabulary: Mapping[str, tuple[str, ...]] | None = None
) -> str:
    """ "en", one of READ, or OTHER. English unless the words are mostly in another script or
    clearly another language: the English model has read far more text than the others.

    A language's own words are its common words above that are not English words too, and
    its ``vocabulary`` (each word to the languages that have it): the words of the comments
    its model was trained on that the English model never learnt, shipped with it.
    English's are the words the English model learnt, which include "merci" and "gracias"
    from tweets. A comment is another language's when that language's own words, and its
    letters (ñ, ç, ß), outnumber English's: "Super fast, merci beaucoup" stays English,
    "La instalación fue muy sencilla" does not. One pass over the words, one look-up each."""
    if not words:
        return ENGLISH
    if not all(map(str.isascii, words)):
        latin = sum(1 for word in words if word.isascii() or _mostly_latin(word))
        if latin * 2 < len(words):
            return OTHER
    vocabulary = load_model().vocabulary if vocabulary is None else vocabulary
    weights = load_model().english.ngram.weights
    counts = {language: [0, 0, 0] for language in _WORDS}  # own, shared, English words it has too
    english = function_words = 0
    for word in words:
        function = word in ENGLISH_WORDS
        known = function or "w:" + word in weights
        english += known
        function_words += function
        languages = _COMMON.get(word, ())
        if not known:  # the vocabulary holds no word the English model learnt
            trained = vocabulary.get(word if word.isascii() else fold(word), ())
            languages = {*languages, *trained} if languages and trained else languages or trained
        for language in languages:
            count = counts[language]
            count[1 if word in _ALSO_ENGLISH else 0] += 1
            count[2] += function if language == OTHER else known
    marks = frozenset() if text.isascii() else set(text.lower())
    best, best_own = ENGLISH, 0
    for language, (own, shared, overlap) in counts.items():
        own += 2 * bool(marks & _LETTERS[language])
        # No vocabulary to weigh against English's for languages not read: function words only.
        theirs = (function_words if language == OTHER else english) - overlap
        clear = own > theirs and own + shared >= 2
        short = len(words) <= 3 and own >= max(theirs, 1)  # "Nul.", "Top, danke"
        if (clear or short) and own > best_own:
            best, best_own = language, own
    return best


def _mostly_latin(word: str) -> bool:
    """Accented Latin letters (é, ñ, ü) still read as Latin script."""
    return all(char.isascii() or "\u00c0" <= char <= "\u024f" for char in word)
