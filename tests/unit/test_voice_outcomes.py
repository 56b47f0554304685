"""What a finished call proves, from Twilio's DialCallStatus, DialCallDuration and AnsweredBy."""

from __future__ import annotations

import pytest

from followup.voice_outcomes import CallOutcome, call_outcome, read_duration


@pytest.mark.parametrize(
    ("status", "seconds", "answered_by", "expected"),
    [
        ("completed", 30, "human", CallOutcome("reached", 30)),
        ("completed", 600, "unknown", CallOutcome("reached", 600)),
        ("completed", 45, None, CallOutcome("reached", 45)),
        ("completed", 29, "human", CallOutcome(None, 29, ask_manager=True)),
        ("completed", 0, "unknown", CallOutcome(None, 0, ask_manager=True)),
        ("completed", 50, "machine_start", CallOutcome("voicemail")),
        ("completed", 50, "machine_end_beep", CallOutcome("voicemail")),
        ("completed", 5, "fax", CallOutcome("voicemail")),
        ("no-answer", 0, None, CallOutcome("no_answer")),
        ("failed", 0, None, CallOutcome("no_answer")),
        ("canceled", 0, None, CallOutcome("no_answer")),
        ("busy", 0, None, CallOutcome("busy")),
        ("answered", 80, "human", CallOutcome(None, ask_manager=True)),
    ],
)
def test_each_dial_report_maps_to_one_outcome(status, seconds, answered_by, expected):
    assert call_outcome(status, seconds, answered_by, min_seconds=30) == expected


def test_the_minimum_is_a_setting():
    assert call_outcome("completed", 10, "human", min_seconds=10).outcome == "reached"
    assert call_outcome("completed", 10, "human", min_seconds=11).outcome is None


@pytest.mark.parametrize(("raw", "seconds"), [("95", 95), ("", 0), (None, 0), ("-3", 0), ("abc", 0)])
def test_an_unreadable_duration_proves_no_talk(raw, seconds):
    assert read_duration(raw) == seconds
