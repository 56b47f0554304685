"""Bodies every webhook refuses before reading them: not UTF-8 (400), chunked past 256 KiB (413).

Each is signed as its sender would sign it, so the answer shows the body was judged, not the
signature. Chunked bodies arrive as a server hands them on (no Content-Length, the stream
marked as terminated), which is how gunicorn passes `Transfer-Encoding: chunked` to the app.
"""

from __future__ import annotations

import io
import json

import pytest
from twilio.request_validator import RequestValidator

from devtools.fake_twilio import DEMO_AUTH_TOKEN
from tests.support import helpdesks as hd
from tests.support.webhooks import signed, ticket_closed

BASE = "http://survey.test"
LIMIT = 256 * 1024
NOT_UTF8 = "José Müller".encode("latin-1")


@pytest.fixture
def app(make_app, smtp, twilio):
    app = hd.intake_app(make_app, smtp, twilio)
    app.config["TWILIO_AUTH_TOKEN"] = DEMO_AUTH_TOKEN
    return app


def _ticket(name: bytes, padding: int = 0) -> bytes:
    payload = ticket_closed()
    payload["customer"]["name"] = "NAME"
    payload["padding"] = "x" * padding
    return json.dumps(payload).encode().replace(b"NAME", name)


def _twilio(path: str, name: bytes, padding: int = 0):
    params = {"MessageSid": "SM" + "2" * 32, "From": "+15551234567", "Body": "5 NAME" + "x" * padding}
    text = {key: value.replace("NAME", name.decode("latin-1")) for key, value in params.items()}
    headers = {
        "X-Twilio-Signature": RequestValidator(DEMO_AUTH_TOKEN).compute_signature(BASE + path, text),
        "Content-Type": "application/x-www-form-urlencoded",
    }
    body = "&".join(f"{key}={value}" for key, value in params.items()).encode().replace(b"NAME", name)
    return path, headers, body


def signed_request(endpoint: str, clock, name: bytes, padding: int = 0):
    """(path, headers, body) of a delivery whose customer name is `name`, signed over its bytes."""
    at = clock.now()
    if endpoint == "tickets":
        headers, body = signed(_ticket(name, padding), at)
        return "/webhooks/tickets", headers, body
    if endpoint in ("sms", "status"):
        return _twilio(f"/webhooks/twilio/{endpoint}", name, padding)
    maker = {"zendesk": hd.zendesk_trigger, "jira": hd.jira_issue, "freshdesk": hd.freshdesk_ticket}[endpoint]
    payload = maker()
    payload["padding"] = "x" * padding
    body = json.dumps(payload).replace("Jane Doe", "NAME").encode().replace(b"NAME", name)
    request = {"zendesk": hd.zendesk_request, "jira": hd.jira_request, "freshdesk": hd.freshdesk_request}
    return request[endpoint](body, at)


ENDPOINTS = ["tickets", "zendesk", "jira", "freshdesk", "sms", "status"]


def post_chunked(client, path: str, headers: dict, body: bytes):
    return client.post(
        path,
        input_stream=io.BytesIO(body),
        headers={**headers, "Transfer-Encoding": "chunked"},
        environ_base={"wsgi.input_terminated": True},
    )


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_signed_body_that_is_not_utf8_is_400_and_stores_nothing(app, client, clock, endpoint):
    path, headers, body = signed_request(endpoint, clock, NOT_UTF8)
    answer = client.post(path, data=body, headers=headers)
    assert (answer.status_code, answer.mimetype) == (400, "application/problem+json")
    assert "UTF-8" in answer.json["detail"]
    assert sum(hd.row_counts(app).values()) == 0


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_signed_chunked_body_over_256_kib_is_413_and_stores_nothing(app, client, clock, endpoint):
    path, headers, body = signed_request(endpoint, clock, b"Jane Doe", padding=LIMIT)
    assert len(body) > LIMIT
    answer = post_chunked(client, path, headers, body)
    assert (answer.status_code, answer.mimetype) == (413, "application/problem+json")
    assert sum(hd.row_counts(app).values()) == 0


@pytest.mark.parametrize("endpoint", ["tickets", "zendesk", "jira", "freshdesk"])
def test_signed_chunked_body_within_the_limit_is_taken(app, client, clock, endpoint):
    path, headers, body = signed_request(endpoint, clock, "Jane Dœ".encode())
    answer = post_chunked(client, path, headers, body)
    assert answer.status_code == 202
    assert hd.row_counts(app)["surveys"] == 1
