"""What went out, for a manager: the "sent" view, outbox rows naming their customer and task,
and each survey sent (and its channel) in the customer's file."""

from __future__ import annotations

from sqlalchemy import select

from core.extensions import db
from followup.models import FollowupTask
from notify.models import DEAD, OutboxMessage
from survey.models import Customer
from tests.support import factories
from tests.support.html import text
from tests.support.webhooks import close_ticket, run_worker

JANE = dict(id="C-17", name="Jane Doe", email="jane@example.com", phone="+15551234567")


def test_sent_view_shows_the_survey_email_and_text_jane_got_and_links_her_file(app, client, clock, smtp):
    with app.app_context():
        factories.user(clock.now(), email="boss@example.com")
        db.session.commit()
    assert close_ticket(client, clock, "T-1001", subject="Printer offline", **JANE).status_code == 202
    run_worker(app)
    smtp.wait_for(1, timeout=10)
    with app.app_context():
        jane_id = db.session.scalar(select(Customer.id).where(Customer.email == "jane@example.com"))
    factories.log_in(client, "boss@example.com")

    page = client.get("/outbox/sent?to=jane@")
    shown = text(page.text)
    about = "About Jane Doe survey for T-1001 Printer offline"
    assert f"{about} To jane@example.com Delivery accepted by the mail server" in shown
    assert f'href="/customers/{jane_id}"' in page.text
    assert "+15551234567" not in shown  # narrowed to Jane's address
    everything = text(client.get("/outbox/sent").text)
    assert "Survey by SMS" in everything and "+15551234567" in everything
    assert "Nothing was sent to an address or number containing “nobody@”" in text(
        client.get("/outbox/sent?to=nobody@").text
    )

    file = text(client.get(f"/customers/{jane_id}").text)
    assert "survey for T-1001 sent by email to jane@example.com" in file
    assert "survey for T-1001 sent by SMS to +15551234567" in file


def test_outbox_rows_name_their_customer_and_link_the_task(app, client, clock):
    with app.app_context():
        factories.user(clock.now(), email="boss@example.com", phone="+15550100000")
        task = factories.unhappy_task(clock.now(), name="Tom Becker")
        task_id, customer_id = task.id, task.customer_id
    clock.advance(hours=30)  # the first call is late: the task escalates and the manager is told
    run_worker(app)
    with app.app_context():
        for message in db.session.scalars(select(OutboxMessage).where(OutboxMessage.ref_id == task_id)):
            message.status, message.last_error = DEAD, "twilio 21211 invalid number"
        db.session.commit()
        assert db.session.get(FollowupTask, task_id).escalated
    factories.log_in(client, "boss@example.com")

    page = client.get("/outbox?show=dead")
    assert f"Tom Becker · follow-up #{task_id}" in text(page.text)
    assert f'href="/customers/{customer_id}"' in page.text and f'href="/followups/{task_id}"' in page.text


def test_only_managers_see_what_was_sent(app, client, clock):
    with app.app_context():
        factories.user(clock.now(), email="agent@example.com", role="agent")
        db.session.commit()
    factories.log_in(client, "agent@example.com")
    assert client.get("/outbox/sent").status_code == 403
