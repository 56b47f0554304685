"""Twilio calling the app, signed as Twilio signs its webhooks (the real RequestValidator)."""

from __future__ import annotations

import uuid

from twilio.request_validator import RequestValidator

from devtools.fake_twilio import DEMO_ACCOUNT_SID, DEMO_AUTH_TOKEN
from tests.support.peers import FROM_NUMBER

BASE = "http://survey.test"  # the integration apps' PUBLIC_BASE_URL


def post_twilio(client, path: str, params: dict[str, str], token: str = DEMO_AUTH_TOKEN):
    signature = RequestValidator(token).compute_signature(BASE + path, params)
    return client.post(path, data=params, headers={"X-Twilio-Signature": signature})


def text_in(client, body: str, sender: str):
    """A text from `sender` to our number, with a MessageSid of its own."""
    params = {
        "MessageSid": "SM" + uuid.uuid4().hex,
        "AccountSid": DEMO_ACCOUNT_SID,
        "From": sender,
        "To": FROM_NUMBER,
        "Body": body,
        "NumMedia": "0",
    }
    return post_twilio(client, "/webhooks/twilio/sms", params)
