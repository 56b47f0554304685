"""A manager's phone as a workstation: texting back to a call-back reminder logs the call.

`1` (or "no answer"), `2` (or "voicemail"), `R <what was said>` (reached, closes the task).
A text from a user's phone is always theirs, even when a customer file carries the same
number: the claim runs before the survey side reads a text as a customer's answer (wired in
create_app, so survey never imports followup). Anything else is answered with the help text.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from followup.attempts import TaskClosedError, log_attempt
from followup.business_hours import load_zone, valid_timezone
from followup.models import FollowupTask, User
from followup.reminders import CALLBACK
from followup.retry_policy import AttemptError, RetryPolicy
from notify.models import SENT, OutboxMessage

log = logging.getLogger(__name__)
HELP = "Reply 1 = no answer, 2 = voicemail, R and what was said = reached (closes the task)."
_REACHED = re.compile(r"^r(?:\s+|[:.,\-]\s*)(?P<note>\S.*)$", re.I | re.S)
_WORDS = {"1": "no_answer", "no answer": "no_answer", "2": "voicemail", "voicemail": "voicemail"}


@dataclass(frozen=True)
class Command:
    outcome: str | None  # None: not a command, answer with the help text
    note: str = ""


def parse_command(body: str) -> Command:
    text = " ".join((body or "").split())
    reached = _REACHED.match(text)
    if reached:
        return Command("reached", reached.group("note").strip())
    return Command(_WORDS.get(text.strip(" .!").lower()))


def _latest_reminder(session: Session, phone: str) -> OutboxMessage | None:
    return session.scalar(
        select(OutboxMessage)
        .where(
            OutboxMessage.kind == CALLBACK,
            OutboxMessage.channel == "sms",
            OutboxMessage.recipient == phone,
            OutboxMessage.status == SENT,
        )
        .order_by(OutboxMessage.sent_at.desc(), OutboxMessage.id.desc())
        .limit(1)
    )


def _next_try(task: FollowupTask, default_tz: str) -> str:
    zone = load_zone(valid_timezone(task.customer.timezone, default_tz))
    return f"{task.next_attempt_at.astimezone(zone):%a %H:%M} their time"


def answer_text(
    session: Session, phone: str | None, body: str, now: datetime, *, policy: RetryPolicy, default_tz: str
) -> str | None:
    """The SMS reply to a user's text, after logging what it says; None if no user has this phone."""
    if not phone:
        return None
    user = session.scalar(select(User).where(User.phone == phone, User.active).order_by(User.id).limit(1))
    if user is None:
        return None
    command = parse_command(body)
    reminder = _latest_reminder(session, phone)
    if reminder is None:
        return "No call-back reminder to answer yet. " + HELP
    task = session.get(FollowupTask, reminder.ref_id)
    who = task.customer.name or task.customer.email or "the customer" if task else "the customer"
    if command.outcome is None:
        return f"For {who}: {HELP}"
    try:
        log_attempt(
            session, task, user=user, outcome=command.outcome, note=command.note, callback_at=None,
            policy=policy, default_tz=default_tz, now=now,
        )  # fmt: skip
    except TaskClosedError:
        return f"{who}'s follow-up is already closed; nothing was logged."
    except AttemptError as error:
        session.rollback()
        return f"Not logged: {error.message}. {HELP}"
    log.info("sms command %s from user %s for task %s", command.outcome, user.id, task.id)
    if command.outcome == "reached":
        return f"Logged: reached {who}; the task is closed."
    return f"Logged: {command.outcome.replace('_', ' ')} for {who}; next try {_next_try(task, default_tz)}."


def register(app) -> None:
    """Let the inbound SMS webhook hand users' texts to this module before reading them as answers."""
    from followup.tasks import policy_from_config

    policy, default_tz = policy_from_config(app.config), app.config["DEFAULT_TIMEZONE"]

    def claim(session: Session, phone: str | None, body: str, now: datetime) -> str | None:
        return answer_text(session, phone, body, now, policy=policy, default_tz=default_tz)

    app.extensions.setdefault("inbound_sms_claims", []).append(claim)
