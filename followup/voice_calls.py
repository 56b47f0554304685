"""Click-to-call: placing a call for a task and applying what Twilio reports about it.

The manager's phone rings first; when they pick up, the TwiML names the customer and bridges
to the customer's number. Twilio then reports the customer leg (answering machine detection,
the Dial's end) and the call logs itself as an attempt through the usual `log_attempt`, so the
retry policy, escalation and events are exactly those of a call logged by hand.

Each handler only moves a call forward (voice_models.STATES); a webhook that finds the call
already past its step changes nothing, which is how Twilio's retries and replays stay harmless.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session
from twilio.twiml.voice_response import Dial, VoiceResponse

from followup.attempts import TaskClosedError, log_attempt
from followup.models import OPEN, FollowupTask, User
from followup.retry_policy import RetryPolicy
from followup.voice_models import (
    CALLING,
    CONNECTED,
    ENDED,
    FAILED,
    FINISHED,
    MISSED,
    RINGING_YOU,
    STARTING,
    VoiceCall,
)
from followup.voice_outcomes import PERSON, call_outcome, read_duration
from notify.errors import DeliveryError
from notify.voice import CallPlacer

log = logging.getLogger(__name__)
PARENT_NOT_ANSWERED = frozenset({"no-answer", "busy", "failed", "canceled"})


class VoiceUnavailable(Exception):
    """The call can't be placed (422 in the API): voice is off, or someone has no phone."""


class CallNotPlaced(Exception):
    """Twilio refused or could not be reached; the reason is safe to show."""


@dataclass(frozen=True)
class VoiceSettings:
    enabled: bool
    from_number: str
    base_url: str
    min_seconds: int
    policy: RetryPolicy
    default_tz: str


def unavailable_reason(settings: VoiceSettings, task: FollowupTask, user: User) -> str | None:
    """Why this user can't call this task's customer from the app, or None if they can."""
    if not settings.enabled:
        return "Calls through the app are off (VOICE_CALLS=on and Twilio settings turn them on)."
    if not user.phone:
        return "Add your phone number to your profile: the app rings your phone first."
    if not task.customer.phone:
        return "The customer has no phone number on file."
    return None


def open_call(
    session: Session, task: FollowupTask, user: User, settings: VoiceSettings, now: datetime
) -> VoiceCall:
    """The call's row, before Twilio is asked: commit it so the webhooks find it."""
    if task.status != OPEN:
        raise TaskClosedError(task.id)
    reason = unavailable_reason(settings, task, user)
    if reason:
        raise VoiceUnavailable(reason)
    call = VoiceCall(
        token=secrets.token_urlsafe(32), task_id=task.id, user_id=user.id, state=STARTING, created_at=now
    )
    session.add(call)
    session.flush()
    return call


def webhook_url(settings: VoiceSettings, call: VoiceCall, step: str) -> str:
    return f"{settings.base_url}/webhooks/twilio/voice/{call.token}/{step}"


def place_call(
    session: Session, call: VoiceCall, placer: CallPlacer, settings: VoiceSettings, now: datetime
) -> None:
    """Ask Twilio to ring the manager. A webhook may already have moved the row on: only fill gaps."""
    try:
        sid = placer.place(
            to=call.user.phone,
            url=webhook_url(settings, call, "answer"),
            status_callback=webhook_url(settings, call, "status"),
        )
    except DeliveryError as error:
        call.state, call.error, call.ended_at = FAILED, error.reason[:200], now
        log.warning("call %s for task %s not placed: %s", call.id, call.task_id, error.reason)
        raise CallNotPlaced(error.reason) from error
    session.execute(
        update(VoiceCall)
        .where(VoiceCall.id == call.id)
        .values(call_sid=func.coalesce(VoiceCall.call_sid, sid))
    )
    session.execute(
        update(VoiceCall)
        .where(VoiceCall.id == call.id, VoiceCall.state == STARTING)
        .values(state=RINGING_YOU)
    )
    session.refresh(call)
    log.info("call %s for task %s placed", call.id, call.task_id)


def find_call(session: Session, token: str) -> VoiceCall | None:
    """The call a webhook URL names, locked so two of its webhooks apply one after the other."""
    return session.scalar(select(VoiceCall).where(VoiceCall.token == token).with_for_update())


def answered(call: VoiceCall, call_sid: str, settings: VoiceSettings) -> str:
    """The manager picked up: say who is being called and bridge to the customer (TwiML)."""
    if call.state in (STARTING, RINGING_YOU):
        call.state = CALLING
        call.call_sid = call.call_sid or call_sid or None
    task, answer = call.task, VoiceResponse()
    if task.status != OPEN or not task.customer.phone:
        answer.say("This follow-up is closed. Nothing to call.")
        answer.hangup()
        return str(answer)
    name = task.customer.name or "the customer"
    answer.say(f"Calling {name} about ticket {task.response.survey.ticket.external_id}.")
    dial = Dial(caller_id=settings.from_number, action=webhook_url(settings, call, "dial"), method="POST")
    dial.number(
        task.customer.phone,
        machine_detection="Enable",
        amd_status_callback=webhook_url(settings, call, "amd"),
        amd_status_callback_method="POST",
    )
    answer.append(dial)
    return str(answer)


def machine_detected(call: VoiceCall, dial_sid: str, answered_by: str, now: datetime) -> bool:
    """Who answered the customer's phone; True if this report changed anything."""
    if call.state in FINISHED or call.answered_by is not None:
        return False
    call.answered_by = (answered_by or "unknown")[:30]
    call.dial_sid = call.dial_sid or dial_sid or None
    call.state, call.connected_at = CONNECTED, now
    return True


def dial_ended(
    session: Session, call: VoiceCall, form: dict[str, str], settings: VoiceSettings, now: datetime
) -> str:
    """The customer leg is over: log what it proves, and tell the manager on the line (TwiML)."""
    answer = VoiceResponse()
    ended_without_report = call.state == ENDED and call.dial_status is None and call.attempt_id is None
    if call.state in FINISHED and not ended_without_report:
        answer.hangup()
        return str(answer)
    status = form.get("DialCallStatus", "").lower()
    duration = read_duration(form.get("DialCallDuration"))
    answered_by = call.answered_by or form.get("AnsweredBy")
    result = call_outcome(status, duration, answered_by, settings.min_seconds)
    call.state, call.ended_at, call.dial_status = ENDED, call.ended_at or now, status[:20] or "unknown"
    call.needs_outcome = False
    call.dial_sid = call.dial_sid or form.get("DialCallSid") or None
    if status == "completed":
        call.talk_seconds = duration
        if call.connected_at is None and (answered_by or "").lower() in PERSON:
            call.connected_at = now
    if result.outcome is not None and call.task.status == OPEN:
        attempt = log_attempt(
            session,
            call.task,
            user=call.user,
            outcome=result.outcome,
            note="",
            callback_at=None,
            policy=settings.policy,
            default_tz=settings.default_tz,
            now=now,
            verified=True,
            talk_seconds=result.talk_seconds,
        )
        call.attempt_id = attempt.id
        answer.say(_spoken(result.outcome))
    elif result.ask_manager:
        call.needs_outcome = True
        answer.say("The call was short. Please log what happened on the task page.")
    log.info("call %s for task %s ended: %s", call.id, call.task_id, result.outcome or "asked")
    answer.hangup()
    return str(answer)


def _spoken(outcome: str) -> str:
    if outcome == "reached":
        return "Logged: customer reached, and the task is closed. Please add a note of what was said."
    return f"Logged: {outcome.replace('_', ' ')}. The next try is scheduled."


def call_status(call: VoiceCall, status: str, now: datetime) -> bool:
    """The manager's leg ended. If their phone never answered, nothing is logged against the customer."""
    if call.state in FINISHED:
        return False
    status = status.lower()
    if call.state in (STARTING, RINGING_YOU) and (status in PARENT_NOT_ANSWERED or status == "completed"):
        call.state, call.ended_at, call.dial_status = MISSED, now, status[:20]
        return True
    if status in PARENT_NOT_ANSWERED or status == "completed":
        # The manager's leg ended before any Dial report: a report that still comes (the two
        # requests can cross) decides the call after all (dial_ended).
        call.needs_outcome = call.state == CONNECTED
        call.state, call.ended_at = ENDED, now
        return True
    return False


def latest_call(session: Session, task_id: int) -> VoiceCall | None:
    return session.scalar(
        select(VoiceCall).where(VoiceCall.task_id == task_id).order_by(VoiceCall.id.desc()).limit(1)
    )


def voice_settings(config) -> VoiceSettings:
    """Read once per request from the app's config (create_app validated it)."""
    from followup.tasks import policy_from_config

    return VoiceSettings(
        enabled=bool(config["VOICE_CALLS"] and config["TWILIO_ACCOUNT_SID"] and config["TWILIO_AUTH_TOKEN"])
        and bool(config["TWILIO_FROM_NUMBER"]),
        from_number=config["TWILIO_FROM_NUMBER"] or "",
        base_url=config["PUBLIC_BASE_URL"],
        min_seconds=config["CALL_REACHED_MIN_SECONDS"],
        policy=policy_from_config(config),
        default_tz=config["DEFAULT_TIMEZONE"],
    )
