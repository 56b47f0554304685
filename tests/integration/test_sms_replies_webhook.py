"""Twilio calling us: customers' SMS replies and delivery receipts, signed as Twilio signs them."""

from __future__ import annotations

import threading
import uuid
import xml.etree.ElementTree as ElementTree
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select
from twilio.request_validator import RequestValidator

from core.extensions import db
from devtools.fake_twilio import DEMO_ACCOUNT_SID, DEMO_AUTH_TOKEN
from followup.models import FollowupTask
from notify.models import OutboxMessage
from scheduler.jobs import tick
from survey.models import Assessment, Customer, InboundSms, Response
from tests.support.peers import FROM_NUMBER
from tests.support.webhooks import signed, ticket_closed

PHONE = "+15551234567"
BASE = "http://survey.test"


@pytest.fixture
def app(app):
    """The suite's app, with the auth token Twilio signs its webhooks with."""
    app.config["TWILIO_AUTH_TOKEN"] = DEMO_AUTH_TOKEN
    return app


def post_twilio(
    client, path: str, params: dict[str, str], token: str = DEMO_AUTH_TOKEN, url: str | None = None
):
    signature = RequestValidator(token).compute_signature(url or BASE + path, params)
    return client.post(path, data=params, headers={"X-Twilio-Signature": signature})


def text_in(client, body: str, sender: str = PHONE, sid: str | None = None):
    """A signed inbound SMS; each a new message (its own MessageSid) unless `sid` is given."""
    params = {
        "MessageSid": sid or "SM" + uuid.uuid4().hex,
        "AccountSid": DEMO_ACCOUNT_SID,
        "From": sender,
        "To": FROM_NUMBER,
        "Body": body,
        "NumMedia": "0",
    }
    return post_twilio(client, "/webhooks/twilio/sms", params)


def reply_of(answer) -> str | None:
    assert answer.status_code == 200 and answer.mimetype == "text/xml"
    return ElementTree.fromstring(answer.data).findtext("Message")  # noqa: S314  (our own app's TwiML)


def survey_sent(app, client, clock, ticket_id: str = "T-1001", **customer) -> int:
    headers, body = signed(ticket_closed(ticket_id, **customer), clock.now())
    answer = client.post("/webhooks/tickets", data=body, headers=headers)
    assert answer.status_code == 202, answer.get_json()
    tick(app, "test", app.extensions["deliverer_factory"]())
    return answer.get_json()["survey_id"]


def answers(app) -> list[tuple[int, int | None, str, str]]:
    with app.app_context():
        return [(r.survey_id, r.rating, r.comment, r.channel) for r in db.session.scalars(select(Response))]


def opted_out(app) -> bool:
    with app.app_context():
        return db.session.scalar(select(Customer.opted_out_at)) is not None


@pytest.mark.parametrize(
    ("body", "rating", "comment"),
    [("4", 4, ""), ("2 still broken", 2, "still broken"), ("five", 5, ""), ("3/5 meh", 3, "meh")],
)
def test_reply_is_recorded_as_the_answer(app, client, clock, body, rating, comment):
    survey_id = survey_sent(app, client, clock)

    reply = reply_of(text_in(client, body))

    assert reply.startswith("Acme Repairs: Thank you! We have your answer about Printer offline.")
    assert answers(app) == [(survey_id, rating, comment, "sms")]


def test_unhappy_reply_opens_a_follow_up_and_says_so(app, client, clock):
    survey_sent(app, client, clock)

    reply = reply_of(text_in(client, "1 third time I called, still broken"))

    assert "A manager will get in touch with you personally." in reply
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(FollowupTask)) == 1


def test_unreadable_reply_is_kept_as_a_comment_and_assessed(app, client, clock):
    survey_id = survey_sent(app, client, clock)

    reply_of(text_in(client, "meh, fine I guess. took forever"))

    assert answers(app) == [(survey_id, None, "meh, fine I guess. took forever", "sms")]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Assessment)) == 1


def test_later_text_adds_to_the_answer_instead_of_replacing_it(app, client, clock):
    survey_id = survey_sent(app, client, clock)
    text_in(client, "2")
    clock.advance(minutes=3)

    text_in(client, "printer still offline")

    assert answers(app) == [(survey_id, 2, "printer still offline", "sms")]
    text_in(client, "4 ok it works now")
    assert answers(app) == [(survey_id, 4, "printer still offline\nok it works now", "sms")]


def test_reply_goes_to_the_latest_open_survey(app, client, clock):
    first = survey_sent(app, client, clock)
    clock.advance(days=8)
    second = survey_sent(app, client, clock, "T-2002")

    text_in(client, "5")

    assert answers(app) == [(second, 5, "", "sms")]
    assert first != second


def test_stop_opts_out_and_start_opts_back_in(app, client, clock, twilio):
    survey_sent(app, client, clock)

    assert reply_of(text_in(client, "STOP")) is None  # Twilio itself confirms the opt-out
    assert opted_out(app)
    clock.advance(hours=49)
    tick(app, "test", app.extensions["deliverer_factory"]())
    assert len(twilio.messages) == 1  # no reminder

    assert reply_of(text_in(client, "start")) is None
    assert not opted_out(app)
    assert answers(app) == []


@pytest.mark.parametrize("body", ["HELP", "info", " "])
def test_help_is_answered_with_how_to_reply(app, client, clock, body):
    survey_sent(app, client, clock)

    reply = reply_of(text_in(client, body))

    assert "Reply with a rating from 1 (very poor) to 5 (excellent)" in reply and "STOP" in reply
    assert answers(app) == []


def test_text_from_a_number_without_an_open_survey_is_answered_politely(app, client, clock):
    survey_sent(app, client, clock)

    stranger = reply_of(text_in(client, "2 broken", sender="+15559876543"))
    clock.advance(days=29)
    expired = reply_of(text_in(client, "2 broken"))

    for reply in (stranger, expired):
        assert reply.startswith(
            "Acme Repairs: Thanks for your message. We have no open survey for this number"
        )
    assert answers(app) == []
    with app.app_context():  # nothing the customer wrote is dropped: both texts are kept
        from followup.timeline import timeline

        jane = db.session.scalar(select(Customer.id).where(Customer.phone == PHONE))
        kept = db.session.execute(select(InboundSms.customer_id, InboundSms.body)).all()
        assert sorted(kept, key=str) == sorted([(None, "2 broken"), (jane, "2 broken")], key=str)
        assert "texted (no open survey): 2 broken" in [e.text for e in timeline(db.session, jane)]


def test_spanish_customer_is_answered_in_spanish(app, client, clock):
    survey_sent(app, client, clock, language="es")

    assert reply_of(text_in(client, "5")).startswith("Acme Repairs: ¡Gracias! Tenemos tu respuesta")


@pytest.mark.parametrize(
    "forge",
    [
        {"token": "not-our-token"},
        {"url": BASE + "/webhooks/twilio/other"},
        {"url": "http://attacker.example/webhooks/twilio/sms"},
    ],
)
def test_forged_reply_is_refused_and_changes_nothing(app, client, clock, forge):
    survey_sent(app, client, clock)
    params = {"From": PHONE, "To": FROM_NUMBER, "Body": "STOP"}

    refused = post_twilio(client, "/webhooks/twilio/sms", params, **forge)

    assert refused.status_code == 403
    assert not opted_out(app)


def test_unsigned_and_tampered_requests_are_refused(app, client, clock):
    survey_sent(app, client, clock)
    params = {"From": PHONE, "To": FROM_NUMBER, "Body": "5"}
    signature = RequestValidator(DEMO_AUTH_TOKEN).compute_signature(BASE + "/webhooks/twilio/sms", params)

    assert client.post("/webhooks/twilio/sms", data=params).status_code == 403
    tampered = client.post(
        "/webhooks/twilio/sms", data=params | {"Body": "1 awful"}, headers={"X-Twilio-Signature": signature}
    )
    assert tampered.status_code == 403
    assert client.post("/webhooks/twilio/status", data={"MessageSid": "SMx"}).status_code == 403
    assert answers(app) == []


def status(client, sid: str, state: str, code: str | None = None):
    params = {"MessageSid": sid, "MessageStatus": state, "AccountSid": DEMO_ACCOUNT_SID, "To": PHONE}
    if code:
        params["ErrorCode"] = code
    return post_twilio(client, "/webhooks/twilio/status", params)


def sms_row(app) -> OutboxMessage:
    with app.app_context():
        row = db.session.scalar(select(OutboxMessage).where(OutboxMessage.channel == "sms"))
        db.session.expunge(row)
        return row


def test_delivery_receipts_update_the_message_and_never_go_backwards(app, client, clock, twilio):
    survey_sent(app, client, clock)
    sid = twilio.messages[0].sid

    assert status(client, sid, "sent").status_code == 204
    assert sms_row(app).provider_status == "sent"
    status(client, sid, "delivered")
    status(client, sid, "sent")  # Twilio may report out of order

    row = sms_row(app)
    assert (row.status, row.provider_status) == ("sent", "delivered")
    assert status(client, "SM" + "f" * 32, "delivered").status_code == 204  # not ours: acknowledged


def test_undelivered_because_unsubscribed_opts_the_customer_out(app, client, clock, twilio):
    survey_sent(app, client, clock)

    status(client, twilio.messages[0].sid, "undelivered", "21610")

    row = sms_row(app)
    assert (row.provider_status, row.last_error) == ("undelivered", "twilio 21610 unsubscribed")
    assert opted_out(app)


def test_the_same_inbound_sms_posted_twice_is_applied_once(app, client, clock):
    survey_id = survey_sent(app, client, clock)
    sid = "SM" + "a" * 32

    first = reply_of(text_in(client, "2 still broken", sid=sid))
    again = reply_of(text_in(client, "2 still broken", sid=sid))

    assert "Thank you" in first and again == first  # a retry gets the same answer
    assert answers(app) == [(survey_id, 2, "still broken", "sms")]  # not the comment twice


def test_copies_of_one_inbound_sms_arriving_at_once_are_applied_once(app, client, clock):
    survey_id = survey_sent(app, client, clock)
    sid, copies = "SM" + "b" * 32, 4
    barrier = threading.Barrier(copies, timeout=30)

    def post(_):
        own = app.test_client()
        barrier.wait()
        return text_in(own, "1 awful", sid=sid).status_code

    with ThreadPoolExecutor(copies) as pool:
        assert list(pool.map(post, range(copies), timeout=60)) == [200] * copies
    assert answers(app) == [(survey_id, 1, "awful", "sms")]


def test_a_delivery_receipt_posted_again_is_not_applied_again(app, client, clock, twilio):
    """A retried "unsubscribed" receipt must not opt out a customer who has since texted START."""
    survey_sent(app, client, clock)
    sid = twilio.messages[0].sid
    status(client, sid, "undelivered", "21610")
    assert opted_out(app)
    text_in(client, "START")
    assert not opted_out(app)

    assert status(client, sid, "undelivered", "21610").status_code == 204

    assert not opted_out(app)


def test_failed_for_another_reason_is_recorded_without_opting_out(app, client, clock, twilio):
    survey_sent(app, client, clock)

    status(client, twilio.messages[0].sid, "failed", "30006")

    row = sms_row(app)
    assert (row.provider_status, row.last_error) == ("failed", "twilio 30006 landline or unreachable carrier")
    assert not opted_out(app)


def test_webhooks_are_off_without_a_twilio_auth_token(app, client):
    app.config["TWILIO_AUTH_TOKEN"] = None

    assert client.post("/webhooks/twilio/sms", data={"Body": "5"}).status_code == 404


def test_twilio_needs_no_form_token_where_forms_need_one(make_app):
    app = make_app(WTF_CSRF_ENABLED=True, PUBLIC_BASE_URL=BASE, TWILIO_AUTH_TOKEN=DEMO_AUTH_TOKEN)
    client = app.test_client()

    assert reply_of(text_in(client, "HELP")).startswith("Acme Repairs: Reply with a rating")
    assert status(client, "SM" + "f" * 32, "delivered").status_code == 204
