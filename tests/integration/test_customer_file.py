"""Customer search, the file's timeline, the 28-day touch list and the exports."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

from core.extensions import db
from followup.attempts import log_attempt
from followup.profile import add_note, update_profile
from followup.tasks import policy_from_config
from followup.touches import last_touched, log_touch, touch_list
from survey.models import Ticket
from tests.support import factories
from tests.support.factories import log_in
from tests.support.html import text


def test_search_finds_customers_by_name_email_or_phone(app, client, clock):
    with app.app_context():
        factories.user(clock.now(), email="boss@example.com")
        factories.survey(clock.now(), name="Jane Doe", email="jane@example.com", phone="+15551234567")
        factories.survey(clock.now(), name="Omar Haddad", email="omar@example.com")
        db.session.commit()
    log_in(client, "boss@example.com")
    for query in ("jane", "JANE@EXAMPLE", "555123"):
        shown = text(client.get(f"/customers?q={query}").text)
        assert "Jane Doe" in shown and "Omar Haddad" not in shown, query
    assert "No customer matches" in text(client.get("/customers?q=nobody").text)


def test_the_file_shows_everything_in_one_timeline_and_last_touched(app, client, clock):
    now = clock.now()
    with app.app_context():
        boss = factories.user(now, email="boss@example.com")
        task = factories.unhappy_task(now, rating=2, comment="Took four days.", name="Jane Doe")
        log_attempt(
            db.session,
            task,
            user=boss,
            outcome="voicemail",
            note="left a message",
            callback_at=None,
            policy=policy_from_config(app.config),
            default_tz="UTC",
            now=now + timedelta(hours=1),
        )
        add_note(db.session, task.customer_id, "prefers mornings", boss, now + timedelta(hours=2))
        db.session.commit()
        customer_id = task.customer_id
        # The answer was the last real contact: the voicemail reached nobody, a note is not contact.
        assert last_touched(db.session, customer_id) == now + timedelta(minutes=5)
    log_in(client, "boss@example.com")
    answer = client.post(f"/customers/{customer_id}/touches", data={"kind": "visit", "note": "dropped by"})
    assert answer.status_code == 303
    shown = text(client.get(f"/customers/{customer_id}").text)
    timeline = shown.split("Timeline", 1)[1]
    # Calls and touches logged by hand are one history, each under how we were in touch.
    assert "call Mon 23 Nov 2026, 16:00 · voicemail: left a message" in timeline
    assert "visit Mon 23 Nov 2026, 15:00 · logged by hand: dropped by" in timeline
    order = [
        "prefers mornings",
        "voicemail: left a message",
        "rating 2: “Took four days.” (unhappy, strong hint: rating 2 of 5",
        "closed: Subject",
        "logged by hand: dropped by",
    ]
    positions = [timeline.find(item) for item in order]
    assert -1 not in positions and positions == sorted(positions), timeline
    assert "Last contact: Mon 23 Nov 2026, 15:05" in shown


def test_touch_list_puts_the_quiet_ones_first(app, db_session, clock):
    now = clock.now()
    old = now - timedelta(days=40)
    chatty = factories.survey(
        old, name="Chatty"
    )  # answered 40 days ago: quiet for 28 days, but answered lately
    from survey.responses import record_answer

    record_answer(db_session, chatty, rating=5, comment="great", channel="web", now=old)
    factories.survey(old, name="Silent")  # never answered, never touched
    for days in (150, 120, 40):  # two tickets the quarter before, one this quarter: fading away
        factories.survey(
            now - timedelta(days=days), name="Fading", customer_id="C-fading", email="f@example.com"
        )
    touched = factories.survey(old, name="Touched")
    log_touch(db_session, touched.customer_id, "call", "", None, now - timedelta(days=3))
    db_session.commit()
    names = [row.customer.name for row in touch_list(db_session, now, 28)]
    assert "Touched" not in names
    assert names == ["Fading", "Silent", "Chatty"]


def test_touch_page_shows_upcoming_birthdays_and_logs_a_touch(app, client, clock):
    with app.app_context():
        factories.user(clock.now(), email="boss@example.com")
        customer_id = factories.survey(clock.now() - timedelta(days=60), name="Birthday Person").customer_id
        facts = {
            "birthday": date(1990, 12, 1),
            "milestones": "10 years with us",
            "milestone_on": date(2026, 11, 27),
        }
        update_profile(db.session, customer_id, facts, None, clock.now())
        db.session.commit()
    log_in(client, "boss@example.com")
    shown = text(client.get("/touch").text)
    assert "Coming up Fri 27 Nov 2026: Birthday Person 's milestone: 10 years with us" in shown
    assert "Tue 1 Dec 2026: Birthday Person 's birthday" in shown
    assert "Birthday Person" in shown.split("Due a touch")[1]
    client.post(f"/customers/{customer_id}/touches?next=/touch", data={"kind": "call"})
    assert "Birthday Person" not in text(client.get("/touch").text).split("Due a touch")[1]


def test_csv_exports_round_trip(app, client, clock):
    with app.app_context():
        factories.user(clock.now(), email="boss@example.com")
        task = factories.unhappy_task(
            clock.now(), rating=1, comment='=HYPERLINK("evil"), "quoted", and\nnewline'
        )
        ticket_id = db.session.get(Ticket, task.response.survey.ticket_id).external_id
    log_in(client, "boss@example.com")
    day = clock.now().date().isoformat()
    answer = client.get(f"/exports/responses.csv?from={day}&to={day}")
    assert answer.mimetype == "text/csv" and "attachment" in answer.headers["Content-Disposition"]
    [row] = list(csv.DictReader(io.StringIO(answer.text)))
    assert row["comment"] == "'" + '=HYPERLINK("evil"), "quoted", and\nnewline'
    assert row["rating"] == "1" and row["unhappy"] == "True" and row["ticket_id"] == ticket_id
    tasks = list(csv.DictReader(io.StringIO(client.get(f"/exports/tasks.csv?from={day}&to={day}").text)))
    assert [(t["task_id"], t["status"], t["outcome"]) for t in tasks] == [(str(task.id), "open", "")]
    assert client.get("/exports/tasks.csv?from=2026-13-01").status_code == 400


def test_the_same_exports_on_the_json_api_page_by_page(app, client, clock):
    with app.app_context():
        boss = factories.user(clock.now(), email="boss@example.com")
        agent = factories.user(clock.now(), email="agent@example.com", role="agent")
        tokens = factories.api_token(boss, clock.now()), factories.api_token(agent, clock.now())
        for n in range(3):
            factories.unhappy_task(clock.now(), rating=2, comment=f"answer {n}")
        db.session.commit()
    day = clock.now().date().isoformat()
    auth = {"Authorization": f"Bearer {tokens[0]}"}
    first = client.get(f"/api/exports/responses?from={day}&to={day}&limit=2", headers=auth).json
    assert [item["comment"] for item in first["items"]] == ["answer 0", "answer 1"]
    rest = client.get(
        f"/api/exports/responses?from={day}&to={day}&limit=2&after={first['next']}", headers=auth
    ).json
    assert [item["comment"] for item in rest["items"]] == ["answer 2"] and rest["next"] is None
    tasks = client.get(f"/api/exports/tasks?from={day}&to={day}", headers=auth).json
    assert len(tasks["items"]) == 3 and tasks["items"][0]["attempts"] == []
    refused = client.get("/api/exports/tasks", headers={"Authorization": f"Bearer {tokens[1]}"})
    assert refused.status_code == 403


def test_calls_export_has_one_row_per_call_with_its_outcome_and_caller(app, client, clock):
    with app.app_context():
        boss = factories.user(clock.now(), email="boss@example.com")
        task = factories.unhappy_task(clock.now(), name="Jane Doe", phone="+15551234567")
        for outcome, note in (("no_answer", ""), ("reached", "Replacement sent.")):
            log_attempt(db.session, task, user=boss, outcome=outcome, note=note, callback_at=None,
                        policy=policy_from_config(app.config), default_tz="UTC", now=clock.now())  # fmt: skip
        db.session.commit()
        task_id = task.id
    log_in(client, "boss@example.com")
    day = clock.now().date().isoformat()
    answer = client.get(f"/exports/calls.csv?from={day}&to={day}")
    assert answer.mimetype == "text/csv" and "calls-" in answer.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    columns = ("task_id", "customer_name", "customer_phone", "outcome", "note", "by")
    # A leading "+" is quoted like any cell a spreadsheet would read as a formula.
    assert [tuple(row[c] for c in columns) for row in rows] == [
        (str(task_id), "Jane Doe", "'+15551234567", "no_answer", "", "boss@example.com"),
        (str(task_id), "Jane Doe", "'+15551234567", "reached", "Replacement sent.", "boss@example.com"),
    ]
    assert {r["task_status"] for r in rows} == {"closed"}
    queue = client.get("/followups").text
    dashboard = client.get("/dashboard?days=7").text
    for name in ("responses", "tasks", "calls"):
        assert f'href="/exports/{name}.csv"' in queue
        assert f'href="/exports/{name}.csv?days=7"' in dashboard


def test_a_call_that_reached_nobody_is_not_a_touch_and_first_contact_is_one(app, db_session, clock):
    now = clock.now()
    long_ago = now - timedelta(days=40)
    newcomer = factories.survey(now - timedelta(days=10), name="Newcomer")  # first came 10 days ago
    unreached = factories.unhappy_task(long_ago, name="Unreached")
    reached = factories.unhappy_task(long_ago, name="Reached")
    for task, outcome, note in ((unreached, "no_answer", ""), (reached, "reached", "All sorted now.")):
        policy = policy_from_config(app.config)
        log_attempt(db_session, task, user=None, outcome=outcome, note=note, callback_at=None,
                    policy=policy, default_tz="UTC", now=now - timedelta(days=2))  # fmt: skip
    db_session.commit()
    names = [row.customer.name for row in touch_list(db_session, now, 28)]
    assert names == ["Unreached"]
    assert last_touched(db_session, newcomer.customer_id) == now - timedelta(days=10)
    clock.advance(days=19)  # 29 days after the newcomer's first contact
    assert "Newcomer" in [row.customer.name for row in touch_list(db_session, clock.now(), 28)]
