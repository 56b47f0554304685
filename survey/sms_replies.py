"""Reading a customer's SMS reply: a keyword (STOP, START, HELP) or an answer.

People answer a "reply 1-5" text in many ways: `4`, `2 still broken`, `five`, `3/5 meh`,
`4 stars`. A rating is read only from the start of the message, so "called 3 times, still
broken" stays a comment without a rating rather than becoming a rating of 3. Whatever cannot be
read as a rating is kept whole as the comment: a reply is never dropped, because an angry
free-text answer is exactly what the follow-up exists for.

Keywords match only a message that is that one word, as Twilio's own filtering does, so "please
stop calling me about the printer" is an answer, not an opt-out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Twilio's default opt-out, opt-in and help keywords (its SMS STOP filtering), plus OPTOUT/REVOKE.
STOP_WORDS = frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT", "REVOKE"})
START_WORDS = frozenset({"START", "YES", "UNSTOP"})
HELP_WORDS = frozenset({"HELP", "INFO"})

# fmt: off
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5,
}
# fmt: on
_SCALE = r"(?:\s*(?:/|out\s+of|of|de)\s*5\b)?(?:\s*(?:stars?|estrellas?)\b)?"
_MARKED = r"(?:\s*(?:/|out\s+of|of|de)\s*5\b|\s*(?:stars?|estrellas?)\b)+"
_SEPARATOR = r"[\s.,;:!)\-–—]*"
# A digit is read as a rating unless it is part of something else ("10", "4.5", "2/10", "1-day").
_DIGIT = re.compile(rf"^([1-5])(?![\d.,]\d|-\w)(?!\s*/\s*(?!5\b)\d)\b{_SCALE}{_SEPARATOR}", re.I)
# A number word is weaker evidence ("two weeks and still broken"): only alone, marked as a
# rating ("five stars", "four/5"), or set off by punctuation ("three - slow").
_WORD = re.compile(
    rf"^({'|'.join(NUMBER_WORDS)})\b(?:{_MARKED}{_SEPARATOR}|\s*[.,;:!)\-–—]{_SEPARATOR}|\s*$)", re.I
)


@dataclass(frozen=True)
class Reply:
    kind: str  # "stop" | "start" | "help" | "answer" | "empty"
    rating: int | None = None
    comment: str = ""


def parse_reply(body: str) -> Reply:
    text = " ".join((body or "").split())
    if not text:
        return Reply("empty")
    word = text.strip(" .!").upper()
    if word in STOP_WORDS:
        return Reply("stop")
    if word in START_WORDS:
        return Reply("start")
    if word in HELP_WORDS:
        return Reply("help")
    match = _DIGIT.match(text) or _WORD.match(text)
    if match is None:
        return Reply("answer", None, text)
    token = match.group(1).lower()
    rating = int(token) if token.isdigit() else NUMBER_WORDS[token]
    return Reply("answer", rating, text[match.end() :].strip())
