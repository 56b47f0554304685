"""Erasing a customer: nothing that says who they were stays anywhere, the figures stay the same.

The search after an erasure reads every column of every table in the models' metadata, so a
table added later by any part of the app is searched too, without this file changing.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from core.extensions import db
from devtools.fake_twilio import DEMO_AUTH_TOKEN
from followup.dashboard import build
from followup.erasure import Erasure, erase_customer
from followup.models import CallAttempt, FollowupTask
from followup.period_scan import scan
from followup.periods import parse_period
from notify.models import CANCELLED, OutboxMessage
from survey.models import Assessment, Customer, Response, Survey
from tests.support import customer_file as jane
from tests.support import factories
from tests.support.html import text
from tests.support.webhooks import close_ticket, run_worker

# Everything that would say who she is, in any case: contacts, names (hers and her family's),
# ids in the ticket system, and words from her comment, the notes, facts, touches and texts.
IDENTIFYING = [
    jane.EMAIL,
    jane.PHONE,
    "5551234567",
    jane.NAME,
    "Jane",
    "John Doe",
    "Lucy",
    jane.EXTERNAL_ID,
    "T-1001",
    "T-1002",
    "printer is still broken",
    "clinic",
    "sailing",
    "Basel",
    "before 10 am",
    "flowers",
    "still nothing",
    "home office",
    "1980-03-14",
]


@pytest.fixture
def app(app):
    app.config["TWILIO_AUTH_TOKEN"] = DEMO_AUTH_TOKEN  # her texts come in signed
    return app


@pytest.fixture
def person(app, client, clock, db_session) -> jane.Person:
    return jane.everywhere(app, client, clock)


def held_anywhere(needles: list[str]) -> list[tuple[str, str, str]]:
    """(table, column, needle) for every value in the database that contains a needle."""
    found = []
    with db.engine.connect() as conn:
        for table in db.metadata.sorted_tables:
            for row in conn.execute(table.select()):
                for column, value in row._mapping.items():
                    held = str(value).lower() if value is not None else ""
                    found += [(table.name, column, n) for n in needles if n.lower() in held]
    return found


def dashboard_figures(clock):
    period = parse_period({"from": "2026-11-01", "to": "2027-01-31"}, clock.now(), ZoneInfo("UTC"))
    return build(db.session, period, scan(db.session, period))


def test_erase_leaves_nothing_that_identifies_her_in_any_table(app, client, clock, db_session, person):
    assert {table for table, _, _ in held_anywhere(IDENTIFYING)} >= {
        "customers",
        "tickets",
        "responses",
        "call_attempts",
        "customer_notes",
        "customer_profiles",
        "touches",
        "inbound_sms",
        "outbox",
    }, "the fixture must put her everywhere, or the search proves nothing"

    erase_customer(
        db_session,
        db_session.get(Customer, person.customer_id),
        by=person.manager,
        via="cli",
        now=clock.now(),
    )
    db_session.commit()

    assert held_anywhere(IDENTIFYING) == []


def test_erase_keeps_the_dashboard_figures_and_the_task_readable(app, client, clock, db_session, person):
    before = dashboard_figures(clock)
    task = db_session.get(FollowupTask, person.task_id)
    rating, outcomes = task.response.rating, [a.outcome for a in task.attempts]
    verdict = (task.response.assessment.unhappy, task.response.assessment.unhappiness)

    erase_customer(
        db_session,
        db_session.get(Customer, person.customer_id),
        by=person.manager,
        via="api",
        now=clock.now(),
    )
    db_session.commit()
    db_session.expire_all()

    assert dashboard_figures(clock) == before
    task = db_session.get(FollowupTask, person.task_id)
    assert (task.response.rating, [a.outcome for a in task.attempts]) == (rating, outcomes)
    assert (task.response.assessment.unhappy, task.response.assessment.unhappiness) == verdict
    assert task.response.assessment.reasons and all("'" not in r for r in task.response.assessment.reasons)
    factories.log_in(client, "boss@example.com")
    page = client.get(f"/followups/{person.task_id}")
    assert page.status_code == 200 and "rating 1" in text(page.text).lower()


def test_erase_cancels_pending_messages_and_her_links_answer_404(
    app, client, clock, db_session, person, smtp
):
    assert client.get(person.pending_link).status_code == 200
    assert client.get(person.answered_link).status_code == 410  # expired, but still hers
    sent_before = len(smtp.messages)

    erase_customer(
        db_session, db_session.get(Customer, person.customer_id), by=None, via="cli", now=clock.now()
    )
    db_session.commit()
    clock.advance(hours=2)
    run_worker(app)

    for path in (person.pending_link, person.answered_link, person.answered_link + "/thanks"):
        assert client.get(path).status_code == 404, path
    assert client.post(person.pending_link, data={"rating": "5"}).status_code == 404
    assert len(smtp.messages) == sent_before
    pending = db_session.scalars(
        select(OutboxMessage).where(OutboxMessage.ref_id == person.pending_survey_id)
    )
    assert {row.status for row in pending} == {CANCELLED}
    assert db_session.get(Survey, person.pending_survey_id).status == "cancelled"


def test_a_later_ticket_for_the_same_address_starts_a_new_empty_file(app, client, clock, db_session, person):
    erase_customer(
        db_session, db_session.get(Customer, person.customer_id), by=None, via="cli", now=clock.now()
    )
    db_session.commit()

    again = close_ticket(client, clock, "T-2001")

    assert again.status_code == 202 and again.get_json()["status"] == "scheduled"
    fresh = db_session.scalar(select(Customer).where(Customer.email == jane.EMAIL))
    assert fresh.id != person.customer_id and fresh.erased_at is None
    factories.log_in(client, "boss@example.com")
    shown = text(client.get(f"/customers/{fresh.id}").text)
    for earlier in ("T-1001", "sailing", "clinic", "flowers", "still nothing", "still broken"):
        assert earlier not in shown
    assert "T-2001" in shown


def test_the_erasure_is_recorded_with_who_and_when_only(app, client, clock, db_session, person):
    erase_customer(
        db_session,
        db_session.get(Customer, person.customer_id),
        by=person.manager,
        via="page",
        now=clock.now(),
    )
    db_session.commit()

    record = db_session.scalar(select(Erasure))
    assert (record.customer_id, record.user_id, record.via, record.erased_at) == (
        person.customer_id,
        person.manager.id,
        "page",
        clock.now(),
    )
    assert db_session.get(Customer, person.customer_id).erased_at == clock.now()


def test_erase_is_one_transaction_that_the_caller_commits(app, client, clock, db_session, person):
    erase_customer(
        db_session, db_session.get(Customer, person.customer_id), by=None, via="cli", now=clock.now()
    )
    db_session.rollback()  # as when anything after it fails before the commit

    assert db_session.scalar(select(func.count()).select_from(Erasure)) == 0
    assert db_session.get(Customer, person.customer_id).email == jane.EMAIL
    assert db_session.scalar(select(Response.comment)) == jane.COMMENT
    assert jane.CALL_NOTE in db_session.scalars(select(CallAttempt.note)).all()
    assert client.get(person.pending_link).status_code == 200


def test_api_erase_is_for_managers_and_answers_204_then_404(app, client, clock, db_session, person):
    agent = factories.user(clock.now(), role="agent")
    tokens = {"manager": factories.api_token(person.manager), "agent": factories.api_token(agent)}
    db_session.commit()
    url = f"/api/customers/{person.customer_id}"

    refused = client.delete(url, headers={"Authorization": f"Bearer {tokens['agent']}"})
    assert refused.status_code == 403
    assert client.delete(url).status_code == 401
    assert db_session.get(Customer, person.customer_id).email == jane.EMAIL

    done = client.delete(url, headers={"Authorization": f"Bearer {tokens['manager']}"})
    assert done.status_code == 204 and done.data == b""
    db_session.expire_all()
    assert db_session.get(Customer, person.customer_id).erased_at is not None
    assert db_session.scalar(select(Erasure.user_id)) == person.manager.id
    again = client.delete(url, headers={"Authorization": f"Bearer {tokens['manager']}"})
    assert again.status_code == 404
    assert (
        client.get(url + "/export", headers={"Authorization": f"Bearer {tokens['manager']}"}).status_code
        == 404
    )


def test_page_erase_asks_for_confirmation_and_is_for_managers(app, client, clock, db_session, person):
    factories.user(clock.now(), email="agent@example.com", role="agent")
    db_session.commit()
    file_page = f"/customers/{person.customer_id}"
    erase_page = file_page + "/erase"

    factories.log_in(client, "agent@example.com")
    assert client.get(erase_page).status_code == 403
    assert client.post(erase_page, data={"confirm": "y"}).status_code == 403
    client.post("/logout")
    factories.log_in(client, "boss@example.com")
    assert 'href="' + erase_page + '"' in client.get(file_page).text
    assert "cannot" in text(client.get(erase_page).text) or "for good" in text(client.get(erase_page).text)

    unconfirmed = client.post(erase_page, data={})
    assert unconfirmed.status_code == 400
    assert db_session.get(Customer, person.customer_id).erased_at is None

    confirmed = client.post(erase_page, data={"confirm": "y"})
    assert confirmed.status_code == 303
    db_session.expire_all()
    assert db_session.get(Customer, person.customer_id).erased_at is not None
    listed = text(client.get("/customers").text)
    assert jane.NAME not in listed
    assert f"Erased customer #{person.customer_id}" in text(client.get(file_page).text)


def test_cli_erases_by_email_or_id_and_refuses_an_unknown_one(app, client, clock, db_session, person):
    runner = app.test_cli_runner()

    unknown = runner.invoke(args=["customers", "erase", "nobody@example.com", "--yes"])
    assert unknown.exit_code != 0 and "no customer" in unknown.output
    declined = runner.invoke(args=["customers", "erase", jane.EMAIL.upper()], input="n\n")
    assert declined.exit_code != 0
    assert db_session.get(Customer, person.customer_id).erased_at is None

    done = runner.invoke(args=["customers", "erase", jane.EMAIL.upper(), "--yes", "--by", "boss@example.com"])
    assert done.exit_code == 0, done.output
    assert f"erased customer {person.customer_id}" in done.output
    db_session.expire_all()
    assert db_session.get(Customer, person.customer_id).erased_at is not None
    assert db_session.scalar(select(Erasure.via)) == "cli"
    by_id = runner.invoke(args=["customers", "erase", str(person.customer_id), "--yes"])
    assert by_id.exit_code != 0  # already erased


def test_reasons_of_her_assessment_lose_their_quotes(app, client, clock, db_session, person):
    assert any("'" in reason for reason in db_session.scalar(select(Assessment.reasons)))

    erase_customer(
        db_session, db_session.get(Customer, person.customer_id), by=None, via="cli", now=clock.now()
    )
    db_session.commit()

    reasons = db_session.scalar(select(Assessment.reasons))
    assert reasons and all("'" not in reason for reason in reasons)
