"""What happens after a call attempt: close, try again later, or alert someone.

Kept free of Flask, the database and the clock so every rule of the call-back loop can be
checked with plain values; the service supplies `now` and the attempt count.
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from followup.business_hours import (
    BusinessHours,
    load_zone,
    next_open,
    parse_business_hours,
    require_aware,
)

OUTCOMES: tuple[str, ...] = (
    "reached",
    "no_answer",
    "voicemail",
    "busy",
    "wrong_number",
    "callback_requested",
)
REACHED = "reached"
# A personal email to a customer the team cannot call (followup/customer_email.py): logged by
# sending it, never by hand, so it is not one of the OUTCOMES a client may post.
EMAILED = "emailed"
MAX_NOTE_LENGTH = 5000
_DURATION = re.compile(r"(\d+)\s*([mhd])", re.IGNORECASE)
_UNITS = {"m": "minutes", "h": "hours", "d": "days"}


class AttemptError(Exception):
    """A bad attempt, named by its field, so the API can answer 422 pointing at it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def parse_delays(spec: str) -> tuple[timedelta, ...]:
    """Read FOLLOWUP_RETRY_DELAYS; refusing bad input at startup beats a stalled queue later."""
    delays = []
    for item in spec.split(","):
        match = _DURATION.fullmatch(item.strip())
        if match is None:
            raise ValueError(f"bad delay {item.strip()!r} in {spec!r}; use e.g. '2h,4h,1d'")
        delay = timedelta(**{_UNITS[match.group(2).lower()]: int(match.group(1))})
        if delay <= timedelta(0):
            raise ValueError(f"delay {item.strip()!r} in {spec!r} must be positive")
        delays.append(delay)
    return tuple(delays)


@dataclass(frozen=True)
class RetryPolicy:
    """Built once from config so a bad setting fails at startup, not at the first call."""

    delays: tuple[timedelta, ...]
    max_attempts: int
    first_call_hours: float
    hours: BusinessHours

    def __post_init__(self) -> None:
        if not self.delays or min(self.delays) <= timedelta(0):
            raise ValueError("retry delays must be a non-empty list of positive durations")
        if self.max_attempts < 1:
            raise ValueError("FOLLOWUP_MAX_ATTEMPTS must be at least 1")
        if self.first_call_hours <= 0:
            raise ValueError("FOLLOWUP_FIRST_CALL_HOURS must be positive")

    @classmethod
    def from_settings(
        cls, delays: str, max_attempts: int, first_call_hours: float, business_hours: str
    ) -> "RetryPolicy":
        return cls(
            parse_delays(delays),
            max_attempts,
            first_call_hours,
            parse_business_hours(business_hours),
        )

    @property
    def late_first_call_reason(self) -> str:
        """The escalation reason for a task nobody called in time, e.g. "no call within 24h"."""
        return f"no call within {self.first_call_hours:g}h"

    def delay_after(self, failed: int) -> timedelta:
        """Past the end of the list the last delay repeats: we never stop calling back."""
        return self.delays[min(failed, len(self.delays)) - 1]


@dataclass(frozen=True)
class Decision:
    """The whole verdict at once, so the service applies it in one transaction."""

    closes: bool
    next_attempt_at: datetime | None
    escalate: bool
    escalation_reason: str | None
    flag_contact: bool


def _later(now: datetime, delay: timedelta, tz: str) -> datetime:
    """Whole days keep the customer's clock time across DST; shorter delays really pass.

    "Call again in 1d" means tomorrow at the same time on the customer's clock.
    """
    if delay % timedelta(days=1):
        return now.astimezone(UTC) + delay
    zone = load_zone(tz)
    wall = now.astimezone(zone).replace(tzinfo=None) + delay
    return wall.replace(tzinfo=zone).astimezone(UTC)


def _check(outcome: str, now: datetime, note: str, callback_at: datetime | None, verified: bool) -> None:
    if outcome not in OUTCOMES and outcome != EMAILED:
        raise AttemptError("outcome", f"must be one of {', '.join(OUTCOMES)}")
    if len(note) > MAX_NOTE_LENGTH:
        raise AttemptError("note", f"must be at most {MAX_NOTE_LENGTH} characters")
    if outcome == "reached" and not note.strip() and not verified:
        raise AttemptError("note", "say what was discussed and what will be done")
    if outcome == EMAILED and not note.strip():
        raise AttemptError("body", "write the message to send")
    if outcome == "reached" and callback_at is not None:
        raise AttemptError("callback_at", "a reached customer needs no call-back")
    if outcome == "callback_requested" and callback_at is None:
        raise AttemptError("callback_at", "give the time the customer asked to be called")
    if callback_at is not None and (callback_at.tzinfo is None or callback_at.utcoffset() is None):
        raise AttemptError("callback_at", "must include a timezone offset")
    if callback_at is not None and callback_at <= now:
        raise AttemptError("callback_at", "must be in the future")


def decide(
    policy: RetryPolicy,
    *,
    now: datetime,
    outcome: str,
    failed_before: int,
    tz: str,
    note: str = "",
    callback_at: datetime | None = None,
    verified: bool = False,
) -> Decision:
    """Every non-reached outcome, a requested call-back included, counts as a failed try.

    A `verified` reach (the call itself proved a conversation) closes without a note; the note
    is asked for afterwards.
    """
    require_aware(now, "now")
    if failed_before < 0:
        raise ValueError("failed_before cannot be negative")
    _check(outcome, now, note, callback_at, verified)
    if outcome == "reached":
        return Decision(
            closes=True,
            next_attempt_at=None,
            escalate=False,
            escalation_reason=None,
            flag_contact=False,
        )
    failed = failed_before + 1
    if callback_at is not None:
        next_at = callback_at.astimezone(UTC)
    else:
        next_at = next_open(_later(now, policy.delay_after(failed), tz), tz, policy.hours)
    reasons = []
    if outcome == "wrong_number":
        reasons.append("wrong number")
    if failed >= policy.max_attempts:
        reasons.append(f"{failed} failed attempts")
    return Decision(
        closes=False,
        next_attempt_at=next_at,
        escalate=bool(reasons),
        escalation_reason="; ".join(reasons) or None,
        flag_contact=outcome == "wrong_number",
    )


def first_call_at(policy: RetryPolicy, opened_at: datetime, tz: str) -> datetime:
    """A task opened at night is due when the customer's business day starts, not at once."""
    return next_open(opened_at, tz, policy.hours)


def first_call_deadline(policy: RetryPolicy, opened_at: datetime) -> datetime:
    """Plain hours, not business hours: an unhappy customer's wait is felt around the clock."""
    require_aware(opened_at, "opened_at")
    return (opened_at + timedelta(hours=policy.first_call_hours)).astimezone(UTC)
