"""One file per customer across tickets and systems, and one transaction per delivery."""

from __future__ import annotations

import pytest
from sqlalchemy import event, select

from notify.models import OutboxMessage
from survey.models import Customer, Ticket
from tests.support import helpdesks as hd
from tests.support.webhooks import signed, ticket_closed


def deliver(client, payload, at):
    headers, body = signed(payload, at)
    return client.post("/webhooks/tickets", data=body, headers=headers)


@pytest.fixture
def app(make_app, smtp, twilio):
    return hd.intake_app(make_app, smtp, twilio, SURVEY_THROTTLE_DAYS=0)


def customers(db_session) -> list[Customer]:
    db_session.expire_all()
    return db_session.scalars(select(Customer).order_by(Customer.id)).all()


def test_later_tickets_update_the_same_customer_by_source_and_id(client, clock, db_session):
    deliver(client, ticket_closed("T-1"), clock.now())
    moved = ticket_closed("T-2", name="Jane Roe", email="jane.roe@example.com", phone="(312) 555-0199",
                          timezone="Europe/Berlin", language="de")  # fmt: skip
    assert deliver(client, moved, clock.now()).status_code == 202
    [jane] = customers(db_session)
    assert (jane.source, jane.external_id, jane.name) == ("generic", "C-17", "Jane Roe")
    assert (jane.email, jane.phone) == ("jane.roe@example.com", "+13125550199")
    assert (jane.timezone, jane.language) == ("Europe/Berlin", "de")
    assert sorted(t.external_id for t in jane.tickets) == ["T-1", "T-2"]


def test_details_a_later_ticket_lacks_or_garbles_are_kept(client, clock, db_session):
    deliver(client, ticket_closed("T-1"), clock.now())
    sparse = ticket_closed("T-2", name=None, phone="not a phone", timezone="Mars/Olympus_Mons", language="??")
    deliver(client, sparse, clock.now())
    [jane] = customers(db_session)
    assert (jane.name, jane.phone, jane.timezone, jane.language) == (
        "Jane Doe",
        "+15551234567",
        "America/Chicago",
        "en",
    )


def test_the_same_email_from_another_system_is_the_same_customer(client, clock, db_session):
    deliver(client, ticket_closed("T-1"), clock.now())
    path, headers, body = hd.zendesk_request(hd.zendesk_trigger("4501", phone="+15557654321"), clock.now())
    assert client.post(path, data=body, headers=headers).status_code == 202
    [jane] = customers(db_session)
    assert jane.phone == "+15557654321"
    assert sorted((t.source, t.external_id) for t in jane.tickets) == [
        ("generic", "T-1"),
        ("zendesk", "4501"),
    ]


def test_an_address_in_another_case_is_the_same_customer(client, clock, db_session):
    deliver(client, ticket_closed("T-1", id=None, email="Jane.Doe@Example.com"), clock.now())
    deliver(client, ticket_closed("T-2", id=None, email="jane.doe@EXAMPLE.com"), clock.now())
    [jane] = customers(db_session)
    assert (jane.email, len(jane.tickets)) == ("Jane.Doe@example.com", 2)


def test_a_customer_known_by_email_only_takes_the_id_a_later_ticket_gives(client, clock, db_session):
    deliver(client, ticket_closed("T-1", id=None), clock.now())
    deliver(client, ticket_closed("T-2"), clock.now())  # found by email, and now known by id too
    deliver(client, ticket_closed("T-3", email=None), clock.now())  # found through the id alone
    [jane] = customers(db_session)
    assert (jane.external_id, len(jane.tickets)) == ("C-17", 3)


def test_a_new_address_another_file_already_holds_changes_neither_file(client, clock, db_session):
    deliver(client, ticket_closed("T-1", id="C-1", email="jane@example.com"), clock.now())
    deliver(client, ticket_closed("T-2", id="C-2", email="sam@example.com"), clock.now())
    deliver(client, ticket_closed("T-3", id="C-1", email="SAM@example.com"), clock.now())
    jane, sam = customers(db_session)
    assert [(c.external_id, c.email) for c in (jane, sam)] == [
        ("C-1", "jane@example.com"),
        ("C-2", "sam@example.com"),
    ]
    assert sorted(t.external_id for t in jane.tickets) == ["T-1", "T-3"]


def test_ticket_agent_survey_and_outbox_are_written_in_one_transaction(app, client, clock, db_session):
    from core.extensions import db

    commits: list[object] = []

    def committed(connection) -> None:
        commits.append(connection)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "commit", committed)
    try:
        answer = deliver(client, ticket_closed("T-1"), clock.now())
    finally:
        event.remove(engine, "commit", committed)
    assert answer.status_code == 202
    assert len(commits) == 1
    ticket = db_session.scalars(select(Ticket)).one()
    assert (ticket.agent_name, ticket.agent_email, ticket.survey.id) == (
        "Sam Lee",
        "sam@example.com",
        answer.json["survey_id"],
    )
    assert len(db_session.scalars(select(OutboxMessage)).all()) == 2
