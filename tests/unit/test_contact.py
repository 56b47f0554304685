"""Contacts from any ticket system end up spelt one way, or not at all."""

from __future__ import annotations

import pytest

from survey.intake.contact import normalize_email, normalize_phone


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("jane@example.com", "jane@example.com"),
        ("  jane@example.com\n", "jane@example.com"),
        ("Jane.Doe@EXAMPLE.COM", "Jane.Doe@example.com"),
        ("jane@bücher.example", "jane@bücher.example"),
    ],
)
def test_email_is_normalized(raw, expected):
    assert normalize_email(raw) == expected


@pytest.mark.parametrize(
    "raw", [None, "", "   ", "jane", "jane@", "@example.com", "jane@localhost", "a b@example.com"]
)
def test_unusable_email_becomes_none(raw):
    assert normalize_email(raw) is None


@pytest.mark.parametrize(
    ("raw", "region", "expected"),
    [
        ("+15551234567", None, "+15551234567"),
        ("(415) 555-2671", None, "+14155552671"),
        ("415.555.2671", "US", "+14155552671"),
        ("+44 20 7183 8750", None, "+442071838750"),
        ("020 7183 8750", "GB", "+442071838750"),
        ("030 1234567", "DE", "+49301234567"),
    ],
)
def test_phone_is_e164(raw, region, expected):
    assert normalize_phone(raw, region) == expected


@pytest.mark.parametrize(
    ("raw", "region"),
    [
        (None, None),
        ("", None),
        ("call me", None),
        ("555-0100", None),  # a local number without its area code
        ("+1 415 555 26711234", None),
        ("020 7183 8750", "XX"),
    ],
)
def test_unusable_phone_becomes_none(raw, region):
    assert normalize_phone(raw, region) is None


def test_local_number_is_read_in_the_given_region_not_the_default():
    assert normalize_phone("020 7183 8750", "GB") != normalize_phone("020 7183 8750")
