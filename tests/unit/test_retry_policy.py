"""The call-back loop's rules: when the next try is due, when the task closes, when to escalate."""

from datetime import UTC, datetime, timedelta
from functools import partial
from zoneinfo import ZoneInfo

import pytest

from followup.retry_policy import (
    AttemptError,
    RetryPolicy,
    decide,
    first_call_at,
    first_call_deadline,
    parse_delays,
)

CHI, BER = "America/Chicago", "Europe/Berlin"
POLICY = RetryPolicy.from_settings("2h,4h,1d,2d,3d", 5, 24, "Mon-Fri 09:00-17:00")


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


attempt = partial(decide, POLICY, now=utc("2026-11-17 10:00"), tz="UTC", failed_before=0)


@pytest.mark.parametrize(
    ("now", "outcome", "failed_before", "tz", "callback_at", "expected"),
    [
        ("2026-11-17 10:00", "no_answer", 0, "UTC", None, "2026-11-17 12:00"),
        ("2026-11-17 10:00", "voicemail", 1, "UTC", None, "2026-11-17 14:00"),
        ("2026-11-17 16:00", "busy", 0, "UTC", None, "2026-11-18 09:00"),
        ("2026-11-20 22:30", "no_answer", 0, CHI, None, "2026-11-23 15:00"),
        ("2026-11-21 10:00", "busy", 0, "UTC", None, "2026-11-23 09:00"),
        ("2026-11-20 07:30", "voicemail", 0, "Asia/Tokyo", None, "2026-11-23 00:00"),
        ("2026-03-06 22:30", "no_answer", 0, CHI, None, "2026-03-09 14:00"),
        ("2026-10-30 21:30", "no_answer", 0, CHI, None, "2026-11-02 15:00"),
        ("2026-03-06 16:00", "busy", 9, CHI, None, "2026-03-09 15:00"),
        ("2026-10-30 15:00", "busy", 4, CHI, None, "2026-11-02 16:00"),
        ("2026-03-27 15:30", "busy", 0, BER, None, "2026-03-30 07:00"),
        ("2026-10-23 14:30", "voicemail", 0, BER, None, "2026-10-26 08:00"),
        ("2026-11-17 10:00", "wrong_number", 0, "UTC", None, "2026-11-17 12:00"),
        ("2026-11-20 16:00", "callback_requested", 0, CHI, "2026-11-21 20:00", "2026-11-21 20:00"),
        ("2026-11-20 16:00", "no_answer", 2, CHI, "2026-11-22 07:15", "2026-11-22 07:15"),
    ],
    ids=[
        "within-hours",
        "second-delay",
        "past-closing-moves-to-next-morning",
        "friday-evening-to-monday-local",
        "weekend-skipped",
        "tokyo-local-date-ahead-of-utc",
        "chicago-spring-forward",
        "chicago-fall-back",
        "chicago-days-keep-clock-time-across-spring-forward-and-last-delay-repeats",
        "chicago-days-keep-clock-time-across-fall-back",
        "berlin-spring-forward",
        "berlin-fall-back",
        "wrong-number-uses-normal-delay",
        "callback-requested-at-customer-time-even-off-hours",
        "callback-time-overrides-delay",
    ],
)
def test_next_try_is_scheduled(
    now: str, outcome: str, failed_before: int, tz: str, callback_at: str | None, expected: str
) -> None:
    asked = utc(callback_at) if callback_at else None
    decision = decide(
        POLICY, outcome=outcome, failed_before=failed_before, now=utc(now), tz=tz, callback_at=asked
    )
    assert decision.closes is False
    assert decision.next_attempt_at == utc(expected)
    assert decision.next_attempt_at.tzinfo is UTC


def test_reached_with_note_closes_the_task() -> None:
    decision = attempt(outcome="reached", failed_before=3, note="Replaced the printer; will check in Monday")
    assert (decision.closes, decision.next_attempt_at, decision.escalate) == (True, None, False)


def test_a_verified_reach_closes_without_a_note_a_hand_logged_one_does_not() -> None:
    decision = decide(
        POLICY, outcome="reached", failed_before=0, now=utc("2026-11-23T15:00"), tz="UTC", verified=True
    )
    assert decision.closes is True
    with pytest.raises(AttemptError):
        decide(POLICY, outcome="reached", failed_before=0, now=utc("2026-11-23T15:00"), tz="UTC")


def test_wrong_number_flags_contact_and_escalates_but_stays_open() -> None:
    decision = attempt(outcome="wrong_number")
    assert (decision.closes, decision.flag_contact, decision.escalate) == (False, True, True)
    assert decision.escalation_reason == "wrong number"


@pytest.mark.parametrize(
    ("outcome", "failed_before", "reason"),
    [
        ("no_answer", 3, None),
        ("no_answer", 4, "5 failed attempts"),
        ("callback_requested", 4, "5 failed attempts"),
        ("busy", 6, "7 failed attempts"),
        ("wrong_number", 4, "wrong number; 5 failed attempts"),
    ],
)
def test_escalates_once_attempts_run_out(outcome: str, failed_before: int, reason: str | None) -> None:
    callback_at = utc("2026-11-18 10:00") if outcome == "callback_requested" else None
    decision = attempt(outcome=outcome, failed_before=failed_before, callback_at=callback_at)
    assert (decision.escalate, decision.escalation_reason) == (reason is not None, reason)
    assert decision.next_attempt_at is not None


def test_callback_with_offset_is_returned_in_utc() -> None:
    asked = datetime(2026, 11, 18, 8, 0, tzinfo=ZoneInfo("America/Chicago"))
    decision = attempt(outcome="callback_requested", callback_at=asked)
    assert decision.next_attempt_at == utc("2026-11-18 14:00")
    assert decision.next_attempt_at.tzinfo is UTC


@pytest.mark.parametrize(
    ("outcome", "note", "callback_at", "field"),
    [
        ("reached", "", None, "note"),
        ("reached", "  \n ", None, "note"),
        ("reached", "Spoke to her", utc("2026-11-18 10:00"), "callback_at"),
        ("no_answer", "", utc("2026-11-17 09:00"), "callback_at"),
        ("callback_requested", "", utc("2026-11-17 10:00"), "callback_at"),
        ("callback_requested", "", None, "callback_at"),
        ("busy", "", datetime(2026, 11, 18, 10), "callback_at"),
        ("hung_up", "", None, "outcome"),
        ("voicemail", "x" * 5001, None, "note"),
    ],
)
def test_bad_attempt_names_the_field(
    outcome: str, note: str, callback_at: datetime | None, field: str
) -> None:
    with pytest.raises(AttemptError) as caught:
        attempt(outcome=outcome, note=note, callback_at=callback_at)
    assert caught.value.field == field
    assert caught.value.message


def test_note_of_exactly_the_limit_is_accepted() -> None:
    assert attempt(outcome="reached", note="x" * 5000).closes is True


def test_programming_errors_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        attempt(outcome="no_answer", now=datetime(2026, 11, 17, 10))
    with pytest.raises(ValueError, match="negative"):
        attempt(outcome="no_answer", failed_before=-1)
    with pytest.raises(ValueError, match="unknown timezone"):
        attempt(outcome="no_answer", tz="Nowhere/Land")


@pytest.mark.parametrize(
    ("opened_at", "tz", "due"),
    [
        ("2026-11-17 10:00", "UTC", "2026-11-17 10:00"),
        ("2026-11-21 03:00", "UTC", "2026-11-23 09:00"),
        ("2026-03-07 18:00", CHI, "2026-03-09 14:00"),
    ],
)
def test_first_call_is_due_when_business_hours_allow(opened_at: str, tz: str, due: str) -> None:
    assert first_call_at(POLICY, utc(opened_at), tz) == utc(due)


def test_first_call_deadline_counts_plain_hours_through_the_weekend() -> None:
    assert first_call_deadline(POLICY, utc("2026-11-20 20:00")) == utc("2026-11-21 20:00")
    half_day = RetryPolicy.from_settings("2h", 5, 12.5, "Mon-Fri 09:00-17:00")
    assert first_call_deadline(half_day, utc("2026-11-20 20:00")) == utc("2026-11-21 08:30")
    assert POLICY.late_first_call_reason == "no call within 24h"
    assert half_day.late_first_call_reason == "no call within 12.5h"


def test_delays_are_read_in_minutes_hours_and_days() -> None:
    assert parse_delays(" 30m, 2H ,1d") == (
        timedelta(minutes=30),
        timedelta(hours=2),
        timedelta(days=1),
    )


@pytest.mark.parametrize(
    ("delays", "max_attempts", "first_call_hours", "hours", "message"),
    [
        ("", 5, 24, "Mon-Fri 09:00-17:00", "bad delay ''"),
        ("2h,,4h", 5, 24, "Mon-Fri 09:00-17:00", "bad delay ''"),
        ("2w", 5, 24, "Mon-Fri 09:00-17:00", "bad delay '2w'"),
        ("h", 5, 24, "Mon-Fri 09:00-17:00", "bad delay 'h'"),
        ("-2h", 5, 24, "Mon-Fri 09:00-17:00", "bad delay '-2h'"),
        ("1.5h", 5, 24, "Mon-Fri 09:00-17:00", "bad delay '1.5h'"),
        ("2h,0m", 5, 24, "Mon-Fri 09:00-17:00", "'0m' in '2h,0m' must be positive"),
        ("2h", 0, 24, "Mon-Fri 09:00-17:00", "MAX_ATTEMPTS"),
        ("2h", 5, 0, "Mon-Fri 09:00-17:00", "FIRST_CALL_HOURS"),
        ("2h", 5, 24, "Weekdays 9-5", "bad days"),
    ],
)
def test_bad_settings_fail_at_startup_with_a_clear_message(
    delays: str, max_attempts: int, first_call_hours: float, hours: str, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        RetryPolicy.from_settings(delays, max_attempts, first_call_hours, hours)
