"""Zendesk, Jira and Freshdesk pointed at their endpoints: their own bodies and signatures, over HTTP."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import select

from notify.models import OutboxMessage
from survey.models import Survey
from tests.support import helpdesks as hd


@dataclass(frozen=True)
class Desk:
    """How one system closes, reopens and re-sends, and what it calls its fields."""

    request: object
    closed: object
    reopened: object
    resent: object  # the same ticket closed again, as a new delivery
    other: dict  # an event we do not act on
    other_answer: dict
    broken: object  # a body with a missing and a wrong-typed field
    broken_fields: set[str]


def _without(payload: dict, path: str, value: object = KeyError) -> dict:
    *parents, last = path.split(".")
    node = payload
    for key in parents:
        node = node[key]
    if value is KeyError:
        del node[last]
    else:
        node[last] = value
    return payload


DESKS = {
    "zendesk": Desk(
        request=hd.zendesk_request,
        closed=lambda: hd.zendesk_trigger("4501"),
        reopened=lambda ticket="4501": hd.zendesk_trigger(ticket, status="open", previous="solved"),
        resent=lambda: hd.zendesk_trigger("4501", status="closed"),
        other={"type": "zen:event-type:ticket.priority_changed", "id": "e1", "detail": {"id": "4501"}},
        other_answer={"status": "ignored", "reason": "event type zen:event-type:ticket.priority_changed"},
        broken=lambda: _without(_without(hd.zendesk_trigger(), "ticket.id"), "ticket.requester.email", 42),
        broken_fields={"ticket.id", "ticket.requester.email"},
    ),
    "jira": Desk(
        request=hd.jira_request,
        closed=lambda: hd.jira_issue("SUP-12"),
        reopened=lambda ticket="SUP-12": hd.jira_issue(ticket, done=False, from_status="Done"),
        resent=lambda: _without(hd.jira_issue("SUP-12"), "timestamp", 1795618999000),
        other={"webhookEvent": "jira:issue_created", "timestamp": 1795618680000, "issue": {"key": "SUP-13"}},
        other_answer={"status": "ignored", "reason": "event type jira:issue_created"},
        broken=lambda: _without(_without(hd.jira_issue(), "issue.key"), "issue.fields.summary", 5),
        broken_fields={"issue.key", "issue.fields.summary"},
    ),
    "freshdesk": Desk(
        request=hd.freshdesk_request,
        closed=lambda: hd.freshdesk_ticket("311"),
        reopened=lambda ticket="311": hd.freshdesk_ticket(
            ticket, status="Open", event="{status:{from:4,to:2}}"
        ),
        resent=lambda: hd.freshdesk_ticket("311", status="Closed", event="{status:{from:4,to:5}}"),
        # Freshdesk sends no event type: a rule firing on another change is a ticket not closed.
        other=hd.freshdesk_ticket("312", status="Pending", event="{status:{from:2,to:3}}"),
        other_answer={"status": "skipped", "reason": "not_closed"},
        broken=lambda: _without(
            _without(hd.freshdesk_ticket(), "freshdesk_webhook.ticket_id"),
            "freshdesk_webhook.ticket_contact_email",
            42,
        ),
        broken_fields={"freshdesk_webhook.ticket_id", "freshdesk_webhook.ticket_contact_email"},
    ),
}


@pytest.fixture
def app(make_app, smtp, twilio):
    return hd.intake_app(make_app, smtp, twilio, SURVEY_DELAY_MINUTES=30)


def send(client, desk: Desk, payload, at, **signing):
    path, headers, body = desk.request(payload, at, **signing)
    return client.post(path, data=body, headers=headers)


@pytest.mark.parametrize("name", DESKS)
def test_closed_ticket_schedules_one_survey_and_a_retry_is_a_duplicate(app, client, clock, db_session, name):
    desk = DESKS[name]
    path, headers, body = desk.request(desk.closed(), clock.now())
    first = client.post(path, data=body, headers=headers)
    assert first.status_code == 202, first.json
    assert first.json["status"] == "scheduled"

    again = client.post(path, data=body, headers=headers)  # the system retries the same delivery
    assert (again.status_code, again.json) == (
        200,
        {"status": "duplicate", "survey_id": first.json["survey_id"]},
    )
    closed_again = send(client, desk, desk.resent(), clock.now())  # a new delivery for the same ticket
    assert (closed_again.status_code, closed_again.json) == (200, again.json)

    survey = db_session.get(Survey, first.json["survey_id"])
    assert survey.ticket.source == name and survey.ticket.subject == "Printer offline"
    assert survey.ticket.agent_name == "Sam Lee"
    assert survey.customer.email == "jane@example.com"
    assert survey.send_at == clock.now() + timedelta(minutes=30)
    rows = db_session.scalars(select(OutboxMessage).where(OutboxMessage.ref_id == survey.id)).all()
    expected = {"email"} if name == "jira" else {"email", "sms"}  # Jira gives no phone number
    assert sorted(m.channel for m in rows) == sorted(expected)
    assert hd.row_counts(app)["surveys"] == 1


@pytest.mark.parametrize("name", DESKS)
def test_reopen_before_sending_cancels_and_without_a_pending_survey_is_ignored(app, client, clock, name):
    desk = DESKS[name]
    scheduled = send(client, desk, desk.closed(), clock.now()).json
    cancelled = send(client, desk, desk.reopened(), clock.now())
    assert (cancelled.status_code, cancelled.json) == (
        200,
        {"status": "cancelled", "survey_id": scheduled["survey_id"]},
    )
    assert hd.row_counts(app)["outbox"] == 2 - (name == "jira")
    never_surveyed = send(client, desk, desk.reopened("9999"), clock.now())
    assert (never_surveyed.status_code, never_surveyed.json["status"]) == (200, "ignored")


@pytest.mark.parametrize("name", DESKS)
def test_event_we_do_not_act_on_is_answered_200(app, client, clock, name):
    desk = DESKS[name]
    answer = send(client, desk, desk.other, clock.now())
    assert (answer.status_code, answer.json) == (200, desk.other_answer)
    assert hd.row_counts(app)["surveys"] == 0


def refusals():
    yield "zendesk", "forged", {"secret": "c29tZS1vdGhlci1zZWNyZXQ="}, 401
    yield "zendesk", "stale", {}, 401
    yield "zendesk", "tampered", {}, 401
    yield "zendesk", "unsigned", {}, 401
    yield "jira", "forged", {"secret": "not-the-jira-secret"}, 401
    yield "jira", "tampered", {}, 401
    yield "jira", "unsigned", {}, 401
    yield "freshdesk", "forged", {"token": "guessed-token"}, 401
    yield "freshdesk", "unsigned", {}, 401


@pytest.mark.parametrize(("name", "tamper", "signing", "status"), list(refusals()))
def test_forged_stale_or_missing_signature_is_401_and_stores_nothing(
    app, client, clock, name, tamper, signing, status
):
    desk = DESKS[name]
    at = clock.now() - timedelta(minutes=6) if tamper == "stale" else clock.now()
    path, headers, body = desk.request(desk.closed(), at, **signing)
    if tamper == "tampered":
        body = body.replace(b"Printer", b"Scanner")
    if tamper == "unsigned":
        headers = {"Content-Type": "application/json"}
    answer = client.post(path, data=body, headers=headers)
    assert answer.status_code == status
    assert answer.mimetype == "application/problem+json"
    assert sum(hd.row_counts(app).values()) == 0


@pytest.mark.parametrize("name", DESKS)
def test_bad_bodies_are_refused_and_store_nothing(app, client, clock, name):
    desk = DESKS[name]
    not_json = send(client, desk, b"<xml>ticket</xml>", clock.now())
    assert (not_json.status_code, not_json.mimetype) == (400, "application/problem+json")

    invalid = send(client, desk, desk.broken(), clock.now())
    assert (invalid.status_code, invalid.mimetype) == (422, "application/problem+json")
    assert {error["field"] for error in invalid.json["errors"]} == desk.broken_fields

    huge = desk.closed()
    huge["padding"] = "x" * (256 * 1024)
    too_large = send(client, desk, huge, clock.now())
    assert too_large.status_code == 413
    assert sum(hd.row_counts(app).values()) == 0


def test_endpoint_without_its_secret_is_not_there(make_app, smtp, twilio, clock):
    app = hd.intake_app(make_app, smtp, twilio, JIRA_WEBHOOK_SECRET=None)
    path, headers, body = hd.jira_request(hd.jira_issue())
    answer = app.test_client().post(path, data=body, headers=headers)
    assert answer.status_code == 404
    assert "not enabled" in answer.json["detail"]
