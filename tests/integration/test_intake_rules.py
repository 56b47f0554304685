"""The rules between a closed ticket and a survey: delay, reopen, throttle, opt-out, contact, status."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from sqlalchemy import select

from notify.models import OutboxMessage
from survey.intake import metrics
from survey.models import Survey
from tests.support import helpdesks as hd
from tests.support.webhooks import SECRET, signed, ticket_closed


def deliver(client, payload, at, msg_id=None):
    headers, body = signed(payload, at, msg_id=msg_id)
    return client.post("/webhooks/tickets", data=body, headers=headers)


def reopened(ticket_id: str = "T-1001") -> dict:
    return {"type": "ticket.reopened", "ticket": {"id": ticket_id}}


def outbox(db_session) -> list[tuple[str, str, object]]:
    db_session.expire_all()
    rows = db_session.scalars(select(OutboxMessage).order_by(OutboxMessage.channel)).all()
    return [(m.channel, m.status, m.due_at) for m in rows]


@pytest.fixture
def app(make_app, smtp, twilio):
    return hd.intake_app(make_app, smtp, twilio, SURVEY_DELAY_MINUTES=45, SURVEY_THROTTLE_DAYS=7)


def test_survey_waits_the_delay_and_a_reopen_within_it_cancels(client, clock, db_session):
    scheduled = deliver(client, ticket_closed(), clock.now()).json
    due = clock.now() + timedelta(minutes=45)
    assert outbox(db_session) == [("email", "pending", due), ("sms", "pending", due)]

    clock.advance(minutes=20)
    answer = deliver(client, reopened(), clock.now())
    assert (answer.status_code, answer.json) == (
        200,
        {"status": "cancelled", "survey_id": scheduled["survey_id"]},
    )
    assert [status for _, status, _ in outbox(db_session)] == ["cancelled", "cancelled"]
    again = deliver(client, reopened(), clock.now())
    assert (again.status_code, again.json["status"]) == (200, "ignored")


def test_ticket_closed_again_after_a_reopen_is_surveyed_after_all(client, clock, db_session):
    first = deliver(client, ticket_closed(), clock.now()).json
    deliver(client, reopened(), clock.now())
    clock.advance(hours=3)
    second = deliver(client, ticket_closed(), clock.now())
    assert (second.status_code, second.json) == (
        202,
        {"status": "scheduled", "survey_id": first["survey_id"]},
    )
    due = clock.now() + timedelta(minutes=45)
    assert outbox(db_session) == [("email", "pending", due), ("sms", "pending", due)]


def test_reopen_after_the_survey_went_out_is_ignored(app, client, clock, db_session, smtp):
    deliver(client, ticket_closed(), clock.now())
    clock.advance(minutes=46)
    with app.app_context():
        app.extensions["deliverer_factory"]().run(db_session, clock, limit=10, lease_seconds=60)
    assert smtp.wait_for(1)[0]["To"] == "jane@example.com"
    answer = deliver(client, reopened(), clock.now())
    assert (answer.status_code, answer.json["status"]) == (200, "ignored")
    assert db_session.scalars(select(Survey.status)).one() == "sent"


@pytest.mark.parametrize(
    ("throttle_days", "later", "expected"), [(7, 6, "skipped"), (7, 8, "scheduled"), (0, 0, "scheduled")]
)
def test_one_survey_per_customer_per_throttle_window(
    make_app, smtp, twilio, clock, throttle_days, later, expected
):
    client = hd.intake_app(make_app, smtp, twilio, SURVEY_THROTTLE_DAYS=throttle_days).test_client()
    assert deliver(client, ticket_closed("T-1"), clock.now()).status_code == 202
    clock.advance(days=later)
    answer = deliver(client, ticket_closed("T-2"), clock.now()).json
    assert answer["status"] == expected
    if expected == "skipped":
        assert answer == {"status": "skipped", "reason": "throttled"}


def test_cancelled_survey_does_not_count_against_the_throttle(client, clock):
    deliver(client, ticket_closed("T-1"), clock.now())
    deliver(client, reopened("T-1"), clock.now())
    assert deliver(client, ticket_closed("T-2"), clock.now()).json["status"] == "scheduled"


@pytest.mark.parametrize("contact", ["jane@example.com", "JANE@example.com", "+1 (555) 123-4567"])
def test_support_opts_a_customer_out_and_back_in_from_the_cli(app, client, clock, contact):
    runner = app.test_cli_runner()
    deliver(client, ticket_closed("T-1"), clock.now())
    result = runner.invoke(args=["customers", "opt-out", contact])
    assert result.exit_code == 0, result.output
    assert "opted out: 1 customer file(s)" in result.output
    clock.advance(days=30)
    skipped = deliver(client, ticket_closed("T-2"), clock.now())
    assert (skipped.status_code, skipped.json) == (200, {"status": "skipped", "reason": "opted_out"})

    assert runner.invoke(args=["customers", "opt-in", contact]).exit_code == 0
    assert deliver(client, ticket_closed("T-3"), clock.now()).status_code == 202


def test_opt_out_before_the_first_ticket_holds_when_it_arrives(app, client, clock):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["customers", "opt-out", "+15551234567"]).exit_code == 0
    answer = deliver(client, ticket_closed(email="someone.else@example.com"), clock.now())
    assert answer.json == {"status": "skipped", "reason": "opted_out"}


def test_opt_out_cli_refuses_what_is_not_a_contact(app):
    result = app.test_cli_runner().invoke(args=["customers", "opt-out", "not a contact"])
    assert result.exit_code != 0
    assert "neither a valid email address nor a phone number" in result.output


@pytest.mark.parametrize(
    ("email", "phone", "sms", "expected"),
    [
        ("not-an-email", "12", True, "no_contact"),
        (None, None, True, "no_contact"),
        (None, "+15551234567", False, "no_contact"),  # a phone is no use while SMS is off
        (None, "+15551234567", True, "scheduled"),
        ("jane@example.com", None, False, "scheduled"),
    ],
)
def test_customer_needs_a_usable_email_or_phone(make_app, smtp, twilio, clock, email, phone, sms, expected):
    client = hd.intake_app(make_app, smtp, twilio, sms=sms).test_client()
    answer = deliver(client, ticket_closed(email=email, phone=phone), clock.now()).json
    assert (answer.get("reason") or answer["status"]) == expected


def test_ticket_not_closed_is_skipped_and_only_its_delivery_is_recorded(app, client, clock):
    payload = ticket_closed()
    payload["ticket"]["status"] = "pending"
    answer = deliver(client, payload, clock.now())
    assert (answer.status_code, answer.json) == (200, {"status": "skipped", "reason": "not_closed"})
    assert hd.row_counts(app) == {"customers": 0, "tickets": 0, "surveys": 0, "deliveries": 1, "outbox": 0}


def test_every_answer_is_logged_with_its_delivery_id_and_counted(client, clock, caplog):
    before = {outcome: metrics.value("generic", outcome) for outcome in metrics.OUTCOMES}
    caplog.set_level(logging.INFO, logger="survey.webhooks")
    survey_id = deliver(client, ticket_closed(), clock.now(), msg_id="msg_accepted").json["survey_id"]
    deliver(client, ticket_closed(), clock.now(), msg_id="msg_accepted")
    deliver(client, ticket_closed("T-2"), clock.now(), msg_id="msg_throttled")
    headers, body = signed(
        ticket_closed("T-3"), clock.now(), msg_id="msg_forged", secret=SECRET[:-4] + "AAA="
    )
    client.post("/webhooks/tickets", data=body, headers=headers)
    headers, body = signed({"type": "ticket.closed"}, clock.now(), msg_id="msg_invalid")
    client.post("/webhooks/tickets", data=body, headers=headers)

    lines = [record.getMessage() for record in caplog.records]
    assert lines == [
        f"webhook generic delivery=msg_accepted scheduled survey={survey_id} reason=-",
        f"webhook generic delivery=msg_accepted duplicate survey={survey_id} reason=delivery seen",
        "webhook generic delivery=msg_throttled skipped survey=None reason=throttled",
        "webhook generic delivery=msg_forged refused 401: signature does not match",
        "webhook generic delivery=msg_invalid refused 422: customer, ticket",
    ]
    assert "Printer" not in caplog.text and SECRET not in caplog.text and "jane@" not in caplog.text
    counted = {outcome: metrics.value("generic", outcome) - before[outcome] for outcome in metrics.OUTCOMES}
    assert {k: v for k, v in counted.items() if v} == {
        "scheduled": 1,
        "duplicate": 1,
        "skipped": 1,
        "refused_signature": 1,
        "refused_invalid": 1,
    }


def test_survey_channels_setting_picks_one_channel_but_never_skips_a_reachable_customer(
    make_app, smtp, twilio, clock
):
    app = hd.intake_app(make_app, smtp, twilio, SURVEY_CHANNELS="sms-first", SURVEY_THROTTLE_DAYS=0)
    client = app.test_client()
    both = deliver(client, ticket_closed("T-1"), clock.now()).json
    email_only = deliver(
        client, ticket_closed("T-2", id="C-2", email="e@example.com", phone=None), clock.now()
    ).json
    with app.app_context():
        from core.extensions import db

        assert db.session.get(Survey, both["survey_id"]).channels == "sms"
        assert db.session.get(Survey, email_only["survey_id"]).channels == "email"
