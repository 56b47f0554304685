"""The task page a manager opens before every call: action first, on their clock, reasons once."""

from __future__ import annotations

import re
from datetime import timedelta
from email.utils import parseaddr

from core.extensions import db
from followup.models import CallAttempt, FollowupTask
from survey.delivery import survey_link
from survey.models import Assessment, Survey
from tests.support import factories
from tests.support.factories import log_call, log_in
from tests.support.html import text
from tests.support.webhooks import close_ticket, run_worker

JANE = {"customer_id": "C-jane", "name": "Jane Doe", "timezone": "America/Chicago", "phone": "+15551234567"}


def _task(app, clock, manager_tz: str = "Europe/Berlin", **customer) -> int:
    with app.app_context():
        factories.user(clock.now(), email="boss@example.com", name="Morgan Boss", timezone=manager_tz)
        task = factories.unhappy_task(clock.now(), rating=2, comment="Third time I called", **customer)
        return task.id


def test_name_their_time_and_the_call_come_first_with_no_outcome_chosen(app, client, clock):
    task_id = _task(app, clock, **JANE)  # answered Monday 15:05 UTC: 09:05 in Chicago, 16:05 in Berlin
    log_in(client, "boss@example.com")
    page = client.get(f"/followups/{task_id}").text
    shown = text(page)
    assert "Their time now: 09:00 Mon in Chicago" in shown
    assert "Next try Mon 23 Nov 2026, 16:05 your time, 09:05 for Jane" in shown
    order = [
        page.index(marker)
        for marker in ("<h1>Jane Doe", 'href="tel:+15551234567"', "Log call", "What Jane said")
    ]
    assert order == sorted(order)
    assert 'id="call-actions"' in page  # where other ways to call join the tel: link
    radios = re.findall(r'<input type="radio"[^>]*>', page)
    outcomes = [radio for radio in radios if 'name="outcome"' in radio]
    assert len(outcomes) == 6 and len(radios) == 9  # and the optional verdict's three
    assert not any("checked" in radio for radio in radios)
    # The queue and the customer's file read the same way.
    assert "Mon 23 Nov 2026, 16:05 your time, 09:05 for Jane" in text(client.get("/followups").text)
    with app.app_context():
        customer_id = db.session.get(FollowupTask, task_id).customer_id
    shown = text(client.get(f"/customers/{customer_id}").text)
    assert "their time now: 09:00 Mon in Chicago" in shown and "16:05 your time, 09:05 for Jane" in shown


def test_a_manager_in_the_customers_zone_reads_one_time(app, client, clock):
    task_id = _task(app, clock, manager_tz="America/Chicago", **JANE)
    log_in(client, "boss@example.com")
    shown = text(client.get(f"/followups/{task_id}").text)
    assert "Next try Mon 23 Nov 2026, 09:05 · 0 attempts" in shown and "for Jane" not in shown


def test_a_refused_call_keeps_the_note_with_the_errors_first_at_the_same_address(app, client, clock):
    task_id = _task(app, clock, **JANE)
    log_in(client, "boss@example.com")
    page = client.get(f"/followups/{task_id}").text
    assert f'action="/followups/{task_id}"' in page  # the form posts to the page's own address

    refused = log_call(client, task_id, "", "Rang twice, line busy <b>really</b>")
    assert refused.status_code == 400 and refused.request.path == f"/followups/{task_id}"
    html = refused.text
    assert "Rang twice, line busy &lt;b&gt;really&lt;/b&gt;</textarea>" in html
    assert html.index('role="alert"') < html.index('class="card action"')
    assert "The call was not logged." in text(html) and "Choose how the call went." in text(html)

    no_note = log_call(client, task_id, "reached")
    assert no_note.status_code == 422
    assert re.search(r'value="reached"\s+checked', no_note.text)  # the choice is kept too
    assert "say what was discussed" in text(no_note.text)
    with app.app_context():
        assert db.session.query(CallAttempt).count() == 0


def test_reasons_show_once_only_those_for_the_verdict_and_the_strength_in_words(app, client, clock):
    task_id = _task(app, clock, **JANE)
    with app.app_context():
        task = db.session.get(FollowupTask, task_id)
        assessment = db.session.query(Assessment).filter_by(response_id=task.response_id).one()
        assessment.unhappiness = 0.65
        assessment.reasons = ["rating 5 of 5", "repeat contact: 'third time'", "repeat contact: 'third time'"]
        db.session.commit()
    log_in(client, "boss@example.com")
    page = client.get(f"/followups/{task_id}").text
    shown = text(page)
    assert shown.count("repeat contact") == 1
    assert "rating 5 of 5" not in shown and "0.65" not in shown
    assert "Mild hint that Jane is unhappy: repeat contact: 'third time'" in shown


def test_a_closed_task_says_it_was_escalated_without_the_red_badge(app, client, clock):
    task_id = _task(app, clock, **JANE)
    log_in(client, "boss@example.com")
    log_call(client, task_id, "wrong_number")  # escalates
    assert 'class="badge escalated"' in client.get(f"/followups/{task_id}").text
    log_call(client, task_id, "reached", "Found her new number: all sorted.")
    page = client.get(f"/followups/{task_id}").text
    assert 'class="badge escalated"' not in page
    assert "was escalated (wrong number)" in text(page)
    assert "Attempts (2)" in text(page)


def test_a_customer_without_a_phone_is_emailed_by_the_manager_through_the_outbox(app, client, clock, smtp):
    task_id = _task(app, clock, customer_id="C-ann", name="Ann Roe", email="ann@example.com")
    log_in(client, "boss@example.com")
    page = client.get(f"/followups/{task_id}").text
    assert "tel:" not in page and "Write to Ann" in text(page)
    assert "Hi Ann," in page  # a draft to start from

    empty = client.post(f"/followups/{task_id}", data={"action": "email", "message": "  "})
    assert empty.status_code == 400 and "The email was not sent." in text(empty.text)

    sent = client.post(
        f"/followups/{task_id}",
        data={"action": "email", "message": "Hi Ann,\n\nSorry about the router. Reply any time.\n\nMorgan"},
    )
    assert sent.status_code == 303
    with app.app_context():
        run_worker(app)
    (mail,) = smtp.wait_for(1)  # the survey itself was answered before it went out
    assert mail["To"] == "ann@example.com" and mail["Subject"].startswith("About your request: Subject")
    assert parseaddr(mail["From"]) == ("Morgan Boss", "support@example.com")
    assert parseaddr(mail["Reply-To"]) == ("Morgan Boss", "boss@example.com")
    assert "Sorry about the router." in mail.get_content()

    shown = text(client.get(f"/followups/{task_id}").text)
    attempts = shown.split("Attempts (1)", 1)[1]
    assert "Morgan Boss emailed" in attempts and "Sorry about the router." in attempts
    with app.app_context():
        task = db.session.get(FollowupTask, task_id)
        assert task.status == "open" and task.next_attempt_at > clock.now() + timedelta(hours=1)


def test_the_thank_you_page_promises_contact_only_when_someone_can_make_it(app, client, clock):
    closed = close_ticket(client, clock, id="C-ann", name="Ann Roe", email="ann@example.com", phone=None)
    with app.app_context():
        ann = db.session.get(Survey, closed.get_json()["survey_id"])
        path = survey_link("", app.config["SECRET_KEY"], ann)
        customer = ann.customer
    answered = client.post(path, data={"rating": "1", "comment": "Broken"})
    assert answered.status_code == 303
    assert "A manager will get in touch with you personally" in client.get(path + "/thanks").text  # by email
    with app.app_context():
        db.session.get(type(customer), customer.id).email = None  # no phone, and now no address either
        db.session.commit()
    assert "get in touch" not in client.get(path + "/thanks").text
