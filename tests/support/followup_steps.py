"""Steps of the call-back loop run in-process: a worker tick, a manager, Jane's unhappy answer, a text in."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from itertools import count

from sqlalchemy import select
from twilio.request_validator import RequestValidator

from core.extensions import db
from devtools.fake_twilio import DEMO_ACCOUNT_SID, DEMO_AUTH_TOKEN
from followup.users import create_user
from scheduler.jobs import tick
from survey.delivery import survey_link
from survey.models import Survey
from tests.support.peers import FROM_NUMBER
from tests.support.webhooks import signed, ticket_closed

_message_sids = count(1)


def run_tick(app) -> None:
    tick(app, "test-worker", app.extensions["deliverer_factory"]())


def add_manager(app, clock, email: str, phone: str | None, timezone: str = "America/New_York") -> None:
    with app.app_context():
        create_user(
            db.session,
            email=email,
            name=email.split("@")[0],
            password="correct horse battery",
            now=clock.now(),
            phone=phone,
            timezone=timezone,
        )
        db.session.commit()


def unhappy_jane(app, clock, ticket_id: str = "T-1001") -> None:
    """The real path: webhook, survey sent by the worker, a 1-star answer on the form."""
    client = app.test_client()
    headers, body = signed(ticket_closed(ticket_id), clock.now())
    assert client.post("/webhooks/tickets", data=body, headers=headers).status_code == 202
    run_tick(app)
    with app.app_context():
        latest = db.session.scalar(select(Survey).order_by(Survey.id.desc()).limit(1))
        link = survey_link("", app.config["SECRET_KEY"], latest)
    answer = client.post(link, data={"rating": "1", "comment": "Still broken, third time I called."})
    assert answer.status_code == 303


def texts_to(twilio, number: str) -> list[str]:
    return [m.body for m in twilio.messages if m.to == number]


def text_in(app, sender: str, body: str, base: str = "http://survey.test") -> str | None:
    """A text to our number, signed as Twilio signs it; returns the TwiML <Message> answered, if any."""
    params = {
        "MessageSid": f"SM{next(_message_sids):032d}",
        "AccountSid": DEMO_ACCOUNT_SID,
        "From": sender,
        "To": FROM_NUMBER,
        "Body": body,
        "NumMedia": "0",
    }
    path = "/webhooks/twilio/sms"
    signature = RequestValidator(DEMO_AUTH_TOKEN).compute_signature(base + path, params)
    answer = app.test_client().post(path, data=params, headers={"X-Twilio-Signature": signature})
    assert answer.status_code == 200 and answer.mimetype == "text/xml", answer.status_code
    return ElementTree.fromstring(answer.data).findtext("Message")  # noqa: S314  (our own app's TwiML)
