"""The survey SMS as Twilio receives it (the real `twilio` client against FakeTwilio), and what each
of Twilio's error answers does to the message and the customer."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from core.extensions import db
from devtools.fake_twilio import DEMO_ACCOUNT_SID
from notify.models import OutboxMessage
from survey.models import Customer, Survey
from tests.support.peers import FROM_NUMBER, local_mailer, local_sms
from tests.support.webhooks import SECRET, close_ticket, run_worker

PHONE = "+15551234567"
# GSM 03.38 basic character set and its extension table: what fits 160 characters to a segment.
GSM7 = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmnopqrstuvwxyzäöñüà"
    "^{}\\[~]|€"
)


def outbox_sms(app) -> OutboxMessage:
    with app.app_context():
        message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.channel == "sms"))
        db.session.expunge(message)
        return message


def assert_one_segment(body: str) -> None:
    assert len(body) <= 160, f"{len(body)} characters: {body}"
    assert set(body) <= GSM7, f"not GSM-7: {set(body) - GSM7}"


def test_survey_sms_is_one_segment_with_the_subject_and_link(app, client, clock, twilio):
    assert close_ticket(client, clock).status_code == 202
    run_worker(app)

    [sms] = twilio.messages
    assert (sms.to, sms.from_, sms.account_sid) == (PHONE, FROM_NUMBER, DEMO_ACCOUNT_SID)
    assert_one_segment(sms.body)
    assert sms.body.startswith('Acme Repairs: How did we do on "Printer offline"?')
    assert re.search(r"http://survey\.test/s/[A-Za-z0-9_-]{32} ", sms.body)
    assert "Reply 1-5" in sms.body and "STOP" in sms.body
    assert sms.status_callback == "http://survey.test/webhooks/twilio/status"
    row = outbox_sms(app)
    assert (row.status, row.provider_id) == ("sent", sms.sid)


def test_long_subject_is_shortened_at_a_word_to_keep_one_segment(app, client, clock, twilio):
    subject = "Printer on the third floor shows offline after the firmware update and the spooler restart"
    close_ticket(client, clock, subject=subject)
    run_worker(app)

    [sms] = twilio.messages
    assert_one_segment(sms.body)
    assert re.search(r'"Printer on the [a-z ]+\.\.\."\?', sms.body)
    assert re.search(r"http://survey\.test/s/[A-Za-z0-9_-]{32} ", sms.body)


def test_long_base_url_leaves_the_subject_out_but_keeps_the_link(make_app, clock, twilio, smtp):
    base = "https://customer-satisfaction.support.example.com"
    app = make_app(
        mailer=local_mailer(smtp),
        sms=local_sms(twilio),
        WEBHOOK_SECRET=SECRET,
        PUBLIC_BASE_URL=base,
    )
    close_ticket(app.test_client(), clock)
    run_worker(app)

    [sms] = twilio.messages
    assert_one_segment(sms.body)
    assert sms.body.startswith("Acme Repairs: How did we do? Reply 1-5")
    assert re.search(re.escape(base) + r"/s/[A-Za-z0-9_-]{32} ", sms.body)


def test_customer_with_only_a_phone_is_surveyed_by_sms_alone(app, client, clock, twilio, smtp):
    answer = close_ticket(client, clock, email=None)
    run_worker(app)

    assert [sms.to for sms in twilio.messages] == [PHONE]
    assert smtp.messages == []
    with app.app_context():
        assert db.session.get(Survey, answer.get_json()["survey_id"]).channels == "sms"


def test_customer_with_email_and_phone_is_surveyed_on_both(app, client, clock, twilio, smtp):
    answer = close_ticket(client, clock)
    run_worker(app)

    assert len(twilio.messages) == 1 and len(smtp.messages) == 1
    with app.app_context():
        assert db.session.get(Survey, answer.get_json()["survey_id"]).channels == "email,sms"


def test_number_that_replied_stop_opts_the_customer_out(app, client, clock, twilio):
    twilio.fail_for(PHONE, 400, 21610)
    close_ticket(client, clock)
    run_worker(app)

    row = outbox_sms(app)
    assert (row.status, row.last_error) == ("dead", "twilio 21610 unsubscribed")
    with app.app_context():
        assert db.session.scalar(select(Customer.opted_out_at)) == clock.now()
    clock.advance(days=8)
    assert close_ticket(client, clock, "T-2002").get_json() == {"status": "skipped", "reason": "opted_out"}


def test_invalid_number_is_a_dead_letter_and_email_still_goes(app, client, clock, twilio, smtp):
    twilio.fail_for(PHONE, 400, 21211)
    close_ticket(client, clock)
    run_worker(app)

    row = outbox_sms(app)
    assert (row.status, row.last_error) == ("dead", "twilio 21211 invalid to number")
    assert len(smtp.messages) == 1
    listed = app.test_cli_runner().invoke(args=["outbox", "list", "--status", "dead"])
    assert "survey_invite" in listed.output and "twilio 21211 invalid to number" in listed.output
    with app.app_context():
        assert db.session.scalar(select(Customer.opted_out_at)) is None


@pytest.mark.parametrize(("status", "code"), [(429, 20429), (500, None), (503, None)])
def test_busy_or_failing_twilio_is_retried_later(app, client, clock, twilio, status, code):
    twilio.fail_next(status, code)
    close_ticket(client, clock)
    run_worker(app)

    row = outbox_sms(app)
    assert (row.status, row.attempts) == ("pending", 1)
    assert str(status) in row.last_error
    assert row.due_at > clock.now()
    assert twilio.messages == []

    clock.advance(minutes=1)
    run_worker(app)

    [sms] = twilio.messages
    assert sms.to == PHONE
    assert outbox_sms(app).status == "sent"
