"""Export: one JSON document of everything held about a customer, for managers only."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from core.extensions import db
from devtools.fake_twilio import DEMO_AUTH_TOKEN
from notify.models import OutboxMessage
from survey.models import Survey
from tests.support import customer_file as jane
from tests.support import factories
from tests.support.html import text


@pytest.fixture
def app(app):
    app.config["TWILIO_AUTH_TOKEN"] = DEMO_AUTH_TOKEN
    return app


@pytest.fixture
def person(app, client, clock, db_session) -> jane.Person:
    return jane.everywhere(app, client, clock)


def exported(client, person: jane.Person) -> dict:
    token = factories.api_token(person.manager)
    db.session.commit()
    answer = client.get(
        f"/api/customers/{person.customer_id}/export", headers={"Authorization": f"Bearer {token}"}
    )
    assert answer.status_code == 200 and answer.mimetype == "application/json"
    assert "no-store" in answer.headers["Cache-Control"]
    return answer.get_json()


def test_export_round_trips_everything_put_in(app, client, clock, db_session, person):
    document = exported(client, person)

    who = document["customer"]
    assert (who["id"], who["name"], who["email"], who["phone"], who["external_id"]) == (
        person.customer_id,
        jane.NAME,
        jane.EMAIL,
        jane.PHONE,
        jane.EXTERNAL_ID,
    )
    assert (who["timezone"], who["language"]) == ("America/Chicago", "en")
    facts = document["personal_facts"]
    assert {name: facts[name] for name in jane.FACTS} == {
        name: value.isoformat() if hasattr(value, "isoformat") else value
        for name, value in jane.FACTS.items()
    }
    assert facts["updated_by"] == "boss@example.com"
    assert [(n["body"], n["by"]) for n in document["notes"]] == [(jane.NOTE, "boss@example.com")]
    assert [(t["kind"], t["note"], t["by"]) for t in document["touches"]] == [
        ("visit", jane.TOUCH_NOTE, "boss@example.com")
    ]
    assert [t["body"] for t in document["texts"]] == [jane.TEXT]
    assert [t["from_number"] for t in document["texts"]] == [jane.PHONE]

    first, second = document["tickets"]
    assert (first["external_id"], first["subject"], first["agent_name"]) == (
        "T-1001",
        jane.SUBJECT,
        "Sam Lee",
    )
    assert second["external_id"] == "T-1002" and second["survey"]["answer"] is None
    survey = first["survey"]
    assert survey["channels"] == "email,sms" and survey["sent_at"].endswith("Z")
    sent = {(m["channel"], m["recipient"], m["status"]) for m in survey["messages"]}
    assert sent == {("email", jane.EMAIL, "sent"), ("sms", jane.PHONE, "sent")}
    assert all(m["sent_at"] for m in survey["messages"])
    assert "token_hash" not in survey and "token_nonce" not in survey
    answer = survey["answer"]
    assert (answer["rating"], answer["comment"], answer["channel"]) == (1, jane.COMMENT, "web")
    assessment = answer["assessment"]
    assert (
        assessment["unhappy"] is True
        and assessment["reasons"]
        and assessment["reasons"][0] == "rating 1 of 5"
    )
    assert second["survey"]["status"] == "scheduled"
    waiting = {(m["channel"], m["status"]) for m in second["survey"]["messages"]}
    assert waiting == {("email", "pending"), ("sms", "pending")}

    (task,) = document["tasks"]
    assert (task["id"], task["status"], task["assignee"]) == (person.task_id, "open", "boss@example.com")
    attempts = [(a["outcome"], a["note"], a["by"]) for a in task["attempts"]]
    assert attempts == [
        ("no_answer", "", "boss@example.com"),
        ("voicemail", jane.CALL_NOTE, "boss@example.com"),
    ]
    assert [event["kind"] for event in task["history"]][:3] == ["opened", "attempt", "attempt"]


def test_export_holds_every_text_stored_about_her(app, client, clock, db_session, person):
    """Whatever a column of hers holds is in the document, so a column added later is too."""
    document = json.dumps(exported(client, person))
    surveys = select(Survey.id).where(Survey.customer_id == person.customer_id)
    theirs = db_session.scalars(select(OutboxMessage).where(OutboxMessage.ref_id.in_(surveys)))
    held = [message.recipient for message in theirs]
    with db.engine.connect() as conn:
        for table in db.metadata.sorted_tables:
            if "customer_id" not in table.c or table.name == "erasures":
                continue
            for row in conn.execute(table.select().where(table.c.customer_id == person.customer_id)):
                held += [
                    v for k, v in row._mapping.items() if isinstance(v, str) and not k.startswith("token")
                ]
    missing = [value for value in held if value and json.dumps(value)[1:-1] not in document]
    assert missing == []


def test_export_is_for_managers_and_linked_from_the_file_page(app, client, clock, db_session, person):
    agent = factories.user(clock.now(), email="agent@example.com", role="agent")
    agent_token = factories.api_token(agent)
    db_session.commit()
    url = f"/api/customers/{person.customer_id}/export"
    assert client.get(url, headers={"Authorization": f"Bearer {agent_token}"}).status_code == 403
    assert client.get(url).status_code == 401
    assert (
        client.get(
            "/api/customers/999999/export", headers={"Authorization": f"Bearer {agent_token}"}
        ).status_code
        == 403
    )

    factories.log_in(client, "agent@example.com")
    assert client.get(f"/customers/{person.customer_id}/export.json").status_code == 403
    client.post("/logout")
    factories.log_in(client, "boss@example.com")
    page = client.get(f"/customers/{person.customer_id}")
    link = f"/customers/{person.customer_id}/export.json"
    assert f'href="{link}"' in page.text and "Export everything held" in text(page.text)
    download = client.get(link)
    assert download.status_code == 200 and "attachment" in download.headers["Content-Disposition"]
    assert "no-store" in download.headers["Cache-Control"]
    assert download.get_json()["customer"]["email"] == jane.EMAIL
