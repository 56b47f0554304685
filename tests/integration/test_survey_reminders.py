"""One reminder to a customer who has not answered, on the channels the survey went out on."""

from __future__ import annotations

from core.extensions import db
from scheduler.jobs import plan_surveys, tick
from survey.delivery import survey_link
from survey.models import Survey
from tests.support.webhooks import signed, ticket_closed


def close_ticket(client, clock, **customer) -> int:
    headers, body = signed(ticket_closed("T-1001", **customer), clock.now())
    answer = client.post("/webhooks/tickets", data=body, headers=headers)
    assert answer.status_code == 202, answer.get_json()
    return answer.get_json()["survey_id"]


def run_worker(app) -> None:
    tick(app, "test", app.extensions["deliverer_factory"]())


def survey_path(app, survey_id: int) -> str:
    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        return survey_link("", app.config["SECRET_KEY"], survey)


def test_silent_customer_is_reminded_once_on_each_channel(app, client, clock, smtp, twilio):
    close_ticket(client, clock)
    run_worker(app)
    assert (len(smtp.messages), len(twilio.messages)) == (1, 1)

    clock.advance(hours=47)
    run_worker(app)
    assert (len(smtp.messages), len(twilio.messages)) == (1, 1)

    clock.advance(hours=2)
    run_worker(app)
    reminder = smtp.messages[1]
    assert reminder["Subject"].startswith("Reminder: ")
    plain = reminder.get_body(preferencelist=("plain",)).get_content()
    assert "A quick reminder" in plain and "Printer offline" in plain
    assert twilio.messages[1].to == "+15551234567"
    assert twilio.messages[1].body == twilio.messages[0].body  # the same link and words

    clock.advance(hours=49)
    run_worker(app)
    assert (len(smtp.messages), len(twilio.messages)) == (2, 2)


def test_email_only_customer_is_reminded_by_email_only(app, client, clock, smtp, twilio):
    close_ticket(client, clock, phone=None)
    run_worker(app)

    clock.advance(hours=49)
    run_worker(app)

    assert len(smtp.messages) == 2 and twilio.messages == []


def test_no_reminder_after_an_answer(app, client, clock, smtp, twilio):
    path = survey_path(app, close_ticket(client, clock))
    run_worker(app)
    clock.advance(hours=5)
    assert client.post(path, data={"rating": "5"}).status_code == 303

    clock.advance(hours=49)
    run_worker(app)

    assert (len(smtp.messages), len(twilio.messages)) == (1, 1)


def test_no_reminder_after_opting_out(app, client, clock, smtp, twilio):
    path = survey_path(app, close_ticket(client, clock))
    run_worker(app)
    assert client.post(path + "/unsubscribe").status_code == 200

    clock.advance(hours=49)
    run_worker(app)

    assert (len(smtp.messages), len(twilio.messages)) == (1, 1)


def test_no_reminder_once_the_survey_has_expired(app, client, clock, smtp, twilio):
    app.config["SURVEY_EXPIRY_DAYS"] = 1
    path = survey_path(app, close_ticket(client, clock))
    run_worker(app)

    clock.advance(hours=49)
    run_worker(app)

    assert (len(smtp.messages), len(twilio.messages)) == (1, 1)
    assert client.get(path).status_code == 410


def test_reminder_due_while_the_answer_arrives_is_not_sent(app, client, clock, smtp, twilio):
    """The reminder is queued by the planner; an answer before the worker sends it cancels it."""
    path = survey_path(app, close_ticket(client, clock))
    run_worker(app)
    clock.advance(hours=49)
    with app.app_context():
        plan_surveys(app)
        db.session.remove()
    assert client.post(path, data={"rating": "4"}).status_code == 303

    run_worker(app)

    assert (len(smtp.messages), len(twilio.messages)) == (1, 1)
