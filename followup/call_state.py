"""What the task page says about a task's latest call, as the polling script receives it.

Written from the row alone (plus `now`), so the page's first render and every poll agree.
"""

from __future__ import annotations

from datetime import datetime

from followup.business_hours import load_zone, valid_timezone
from followup.voice_models import CALLING, CONNECTED, ENDED, FAILED, FINISHED, MISSED, VoiceCall


def clock_text(seconds: int) -> str:
    """01:12, or 1:01:12 past an hour."""
    minutes, secs = divmod(max(0, int(seconds)), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def next_try_text(call: VoiceCall, default_tz: str) -> str:
    task = call.task
    if task.next_attempt_at is None:
        return ""
    zone = load_zone(valid_timezone(task.customer.timezone, default_tz))
    return f", next try {task.next_attempt_at.astimezone(zone):%a %H:%M} their time"


def _ended_text(call: VoiceCall, name: str, default_tz: str) -> str:
    attempt = call.attempt
    if attempt is not None and attempt.outcome == "reached":
        ask = "" if attempt.note else ": add a note of what was said"
        talk = clock_text(attempt.talk_seconds or 0)
        return f"Ended: reached {name}, {talk} talking. The task is closed{ask}."
    if attempt is not None:
        return f"Ended: {attempt.outcome.replace('_', ' ')}{next_try_text(call, default_tz)}."
    if call.needs_outcome:
        length = f" after {clock_text(call.talk_seconds)}" if call.talk_seconds is not None else ""
        return f"Ended{length}: what happened? Log the outcome below."
    if call.task.status != "open":
        return "Ended: the task was already closed, nothing was logged."
    return f"Ended before {name} answered: nothing was logged."


def state_of(call: VoiceCall, now: datetime, default_tz: str) -> dict:
    """`active` tells the script to keep polling; `connected_seconds` lets it count on its own."""
    name = call.task.customer.name or "the customer"
    connected = None
    if call.state == CONNECTED and call.connected_at is not None:
        connected = int((now - call.connected_at).total_seconds())
    if call.state == MISSED:
        text = f"Your phone did not answer, so {name} was not called. Nothing was logged."
    elif call.state == FAILED:
        text = f"The call could not be placed ({call.error}). Try again, or call by hand."
    elif call.state == ENDED:
        text = _ended_text(call, name, default_tz)
    elif call.state == CONNECTED and call.answered_by_machine:
        text = f"A voicemail answered at {name}'s number."
    elif call.state == CONNECTED:
        text = f"Connected to {name}, {clock_text(connected or 0)}"
    elif call.state == CALLING:
        text = f"Calling {name}…"
    else:
        text = "Ringing your phone…"
    return {
        "id": call.id,
        "state": call.state,
        "active": call.state not in FINISHED,
        "text": text,
        "name": name,
        "connected_seconds": connected if call.state == CONNECTED and not call.answered_by_machine else None,
        "needs_outcome": call.needs_outcome and call.state == ENDED,
    }
