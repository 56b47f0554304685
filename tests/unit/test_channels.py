"""Choosing a survey's channels from the customer's contact data and SURVEY_CHANNELS."""

from __future__ import annotations

import pytest

from survey.channels import choose_channels

EMAIL, PHONE = "jane@example.com", "+15551234567"


@pytest.mark.parametrize(
    ("preference", "expected"),
    [("both", ["email", "sms"]), ("email-first", ["email"]), ("sms-first", ["sms"])],
)
def test_customer_with_email_and_phone_gets_what_the_preference_says(preference, expected):
    assert choose_channels(EMAIL, PHONE, True, preference) == expected


@pytest.mark.parametrize("preference", ["both", "email-first", "sms-first"])
def test_only_email_means_email_whatever_the_preference(preference):
    assert choose_channels(EMAIL, None, True, preference) == ["email"]


@pytest.mark.parametrize("preference", ["both", "email-first", "sms-first"])
def test_only_phone_means_sms_whatever_the_preference(preference):
    assert choose_channels(None, PHONE, True, preference) == ["sms"]


@pytest.mark.parametrize("preference", ["both", "sms-first"])
def test_phone_is_ignored_while_sms_is_not_configured(preference):
    assert choose_channels(EMAIL, PHONE, False, preference) == ["email"]
    assert choose_channels(None, PHONE, False, preference) == []


def test_no_contact_data_means_no_channel():
    assert choose_channels(None, None, True, "both") == []
    assert choose_channels("", "", True, "email-first") == []


def test_unknown_preference_is_refused_with_the_allowed_values():
    with pytest.raises(ValueError, match="both, email-first, sms-first"):
        choose_channels(EMAIL, PHONE, True, "sms-only")
