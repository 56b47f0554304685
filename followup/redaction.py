"""Text that quotes a customer, and how to keep its sense without the quote.

An assessment's reasons quote the words of the comment that decided it ("negative words:
'broken'"). When the comment goes (an erasure, the retention limit), the quotes go too; the
label before them stays, so the task still says why it was opened. (Task events once repeated
the reasons; they say only the rating now, and migration 0016 stripped the older ones.)
"""

from __future__ import annotations


def without_quotes(text: str) -> str:
    """Everything before the first quote: "sarcasm: 'great, just great'" -> "sarcasm"."""
    head, quote, _ = text.partition("'")
    return head.rstrip(" :,;") if quote else text
