"""Reading a manager's text back to a call-back reminder."""

from __future__ import annotations

import pytest

from followup.sms_commands import Command, parse_command


@pytest.mark.parametrize(
    ("body", "command"),
    [
        ("1", Command("no_answer")),
        (" no answer ", Command("no_answer")),
        ("No Answer.", Command("no_answer")),
        ("2", Command("voicemail")),
        ("Voicemail", Command("voicemail")),
        ("R spoke to Jane, replacement sent", Command("reached", "spoke to Jane, replacement sent")),
        ("r: fixed on the phone", Command("reached", "fixed on the phone")),
        ("R", Command(None)),
        ("Running late", Command(None)),
        ("3", Command(None)),
        ("", Command(None)),
        ("12", Command(None)),
    ],
)
def test_commands(body, command):
    assert parse_command(body) == command
