"""Refused webhooks: the answer the contract gives, and nothing stored."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from notify.models import OutboxMessage
from survey.models import Customer, Survey, Ticket, WebhookDelivery
from tests.support.webhooks import signed, ticket_closed


def stored(app) -> int:
    from core.extensions import db

    with app.app_context():
        return sum(
            db.session.scalar(select(func.count()).select_from(model))
            for model in (Customer, Ticket, Survey, WebhookDelivery, OutboxMessage)
        )


def post(client, headers, body):
    return client.post("/webhooks/tickets", data=body, headers=headers)


def test_signed_closed_ticket_schedules_a_survey(client, clock):
    headers, body = signed(ticket_closed(), clock.now())
    response = post(client, headers, body)
    assert response.status_code == 202
    assert response.json["status"] == "scheduled"
    assert isinstance(response.json["survey_id"], int)


@pytest.mark.parametrize(
    "tamper",
    ["body", "secret", "stale", "missing"],
)
def test_forged_or_stale_webhook_is_refused_with_401(app, client, clock, tamper):
    at = clock.now() - timedelta(minutes=6) if tamper == "stale" else clock.now()
    secret = "whsec_" + "b3RoZXItc2VjcmV0LW9mLXRoZS1zYW1lLWxlbmd0aDE=" if tamper == "secret" else None
    headers, body = signed(ticket_closed(), at, **({"secret": secret} if secret else {}))
    if tamper == "body":
        body = body.replace(b"Printer", b"Scanner")
    if tamper == "missing":
        headers = {"content-type": "application/json"}
    response = post(client, headers, body)
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"
    assert stored(app) == 0


def test_non_json_body_is_400(app, client, clock):
    headers, body = signed(b"this is not json", clock.now())
    response = post(client, headers, body)
    assert response.status_code == 400
    assert stored(app) == 0


def test_wrong_fields_are_422_naming_each_field(app, client, clock):
    payload = ticket_closed()
    del payload["ticket"]["id"]
    payload["customer"]["email"] = 42
    headers, body = signed(payload, clock.now())
    response = post(client, headers, body)
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    fields = {error["field"] for error in response.json["errors"]}
    assert {"ticket.id", "customer.email"} <= fields
    assert stored(app) == 0


def test_body_over_256_kib_is_413(app, client, clock):
    payload = ticket_closed()
    payload["ticket"]["subject"] = "x" * (257 * 1024)
    headers, body = signed(payload, clock.now())
    response = post(client, headers, body)
    assert response.status_code == 413
    assert stored(app) == 0


def test_same_delivery_twice_is_a_duplicate_with_one_survey(app, client, clock):
    headers, body = signed(ticket_closed(), clock.now())
    first = post(client, headers, body)
    second = post(client, headers, body)
    assert second.status_code == 200
    assert second.json == {"status": "duplicate", "survey_id": first.json["survey_id"]}
    from core.extensions import db

    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Survey)) == 1
        assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 2  # email + sms
