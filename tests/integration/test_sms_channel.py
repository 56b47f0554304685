"""TwilioSms through the real `twilio` client against a local server that answers like
Twilio's Messages API: what Twilio receives, and how each error is classified."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from devtools.fake_twilio import FakeTwilio
from notify.errors import DeliveryError, PermanentError, TransientError
from notify.sms import TwilioSms

ACCOUNT_SID = "AC" + "0123456789abcdef" * 2
AUTH_TOKEN = "test-auth-token"
FROM_NUMBER = "+15005550006"
PHONE = "+15551234567"
CALLBACK = "https://surveys.example/webhooks/twilio/status"


@pytest.fixture
def closed_port() -> Iterator[int]:
    """A port that is bound but never listens, so connecting is refused for sure."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


@pytest.fixture
def twilio() -> Iterator[FakeTwilio]:
    with FakeTwilio(ACCOUNT_SID, AUTH_TOKEN) as fake:
        yield fake


@pytest.fixture
def sms(twilio: FakeTwilio) -> TwilioSms:
    return TwilioSms(ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, api_base=twilio.url)


def test_sms_reaches_twilio_with_number_body_and_callback(twilio: FakeTwilio, sms: TwilioSms) -> None:
    sid = sms.send(PHONE, "How did we do? https://surveys.example/s/abc", CALLBACK)

    [received] = twilio.messages
    assert sid == received.sid
    assert sid.startswith("SM")
    assert len(sid) == 34
    assert (received.account_sid, received.auth_user) == (ACCOUNT_SID, ACCOUNT_SID)
    assert (received.to, received.from_) == (PHONE, FROM_NUMBER)
    assert received.body == "How did we do? https://surveys.example/s/abc"
    assert received.status_callback == CALLBACK


def test_sms_without_status_callback_sends_none(twilio: FakeTwilio, sms: TwilioSms) -> None:
    sms.send(PHONE, "Thanks!")

    assert twilio.wait_for(1)[0].status_callback is None


def test_unsubscribed_recipient_is_given_up_and_opted_out(twilio: FakeTwilio, sms: TwilioSms) -> None:
    twilio.fail_for(PHONE, 400, 21610)

    with pytest.raises(PermanentError) as failure:
        sms.send(PHONE, "How did we do?")

    assert failure.value.opt_out
    assert (failure.value.reason, failure.value.code) == (
        "twilio 21610 unsubscribed",
        21610,
    )
    sms.send("+15557654321", "How did we do?")
    assert [message.to for message in twilio.messages] == ["+15557654321"]


@pytest.mark.parametrize("code", [21211, 21614, 21408, 21612, 21617])
def test_numbers_twilio_will_never_deliver_to_are_given_up(
    twilio: FakeTwilio, sms: TwilioSms, code: int
) -> None:
    twilio.fail_next(400, code)

    with pytest.raises(PermanentError) as failure:
        sms.send(PHONE, "How did we do?")

    assert failure.value.code == code
    assert not failure.value.opt_out
    assert failure.value.reason.startswith(f"twilio {code} ")


@pytest.mark.parametrize(
    ("status", "code", "reason"),
    [
        (429, 20429, "twilio 20429 too many requests"),
        (500, None, "twilio http 500"),
        (503, 20503, "twilio 20503 http 503"),
        (400, 30001, "twilio 30001 queue overflow"),
    ],
)
def test_busy_or_failing_twilio_is_retried_and_then_delivers(
    twilio: FakeTwilio, sms: TwilioSms, status: int, code: int | None, reason: str
) -> None:
    twilio.fail_next(status, code, times=2)

    for _ in range(2):
        with pytest.raises(TransientError) as failure:
            sms.send(PHONE, "How did we do?")
        assert failure.value.reason == reason

    assert sms.send(PHONE, "How did we do?") == twilio.messages[0].sid


def test_wrong_auth_token_is_refused_and_nothing_is_sent(twilio: FakeTwilio) -> None:
    sms = TwilioSms(ACCOUNT_SID, "not-the-token", FROM_NUMBER, api_base=twilio.url)

    with pytest.raises(DeliveryError) as failure:
        sms.send(PHONE, "How did we do?")

    assert (failure.value.reason, failure.value.code) == (
        "twilio 20003 authentication failed",
        20003,
    )
    assert not failure.value.permanent
    assert "not-the-token" not in str(failure.value)
    assert twilio.messages == []


def test_twilio_unreachable_is_retried_later(closed_port: int) -> None:
    sms = TwilioSms(ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, f"http://127.0.0.1:{closed_port}")

    with pytest.raises(TransientError) as failure:
        sms.send(PHONE, "How did we do?")

    assert failure.value.reason == "twilio connection failed"
