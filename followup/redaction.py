"""Text that quotes a customer, and how to keep its sense without the quote.

An assessment's reasons quote the words of the comment that decided it ("negative words:
'broken'"), and a task's "opened" and "answer" events repeat those reasons. When the comment
goes (an erasure, the retention limit), the quotes go too; the label before them stays, so
the task still says why it was opened.
"""

from __future__ import annotations

QUOTING_EVENTS = ("opened", "answer")  # TaskEvent kinds whose detail repeats an answer's reasons


def without_quotes(text: str) -> str:
    """Everything before the first quote: "sarcasm: 'great, just great'" -> "sarcasm"."""
    head, quote, _ = text.partition("'")
    return head.rstrip(" :,;") if quote else text
