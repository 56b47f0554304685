"""What a finished call proves, read from Twilio's Dial report: pure, so every case is a unit test.

Twilio tells us how the customer's leg ended (`DialCallStatus`), how long it lasted
(`DialCallDuration`) and who answered (`AnsweredBy`, from answering machine detection). Only a
person on the line for long enough counts as "reached": a two-second answer is more likely a
hang-up than a conversation, so the manager is asked rather than the task closed.
"""

from __future__ import annotations

from dataclasses import dataclass

NO_ANSWER_STATUSES = frozenset({"no-answer", "failed", "canceled"})
PERSON = frozenset({"human", "unknown", ""})  # no AMD report at all reads as unknown


@dataclass(frozen=True)
class CallOutcome:
    """`outcome` to log (None: log nothing, ask the manager), and the talk time if a person spoke."""

    outcome: str | None
    talk_seconds: int | None = None
    ask_manager: bool = False


def read_duration(raw: str | None) -> int:
    """DialCallDuration as whole seconds; anything unreadable is 0 (no proof of a talk)."""
    try:
        return max(0, int(raw or 0))
    except ValueError:
        return 0


def call_outcome(dial_status: str, duration: int, answered_by: str | None, min_seconds: int) -> CallOutcome:
    status, answered_by = dial_status.strip().lower(), (answered_by or "").strip().lower()
    if status == "busy":
        return CallOutcome("busy")
    if status in NO_ANSWER_STATUSES:
        return CallOutcome("no_answer")
    if status != "completed":  # answered but no end reported: nothing proven
        return CallOutcome(None, ask_manager=True)
    if answered_by.startswith("machine") or answered_by == "fax":
        return CallOutcome("voicemail")
    if answered_by in PERSON and duration >= min_seconds:
        return CallOutcome("reached", talk_seconds=duration)
    return CallOutcome(None, talk_seconds=duration, ask_manager=True)
