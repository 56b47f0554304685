"""The manager's pages through the Flask test client: login, roles, the queue, the customer file."""

from __future__ import annotations

from datetime import timedelta

from core.extensions import db
from followup.models import FollowupTask, User
from survey.responses import record_answer
from tests.support import factories
from tests.support.factories import PASSWORD, log_call, log_in
from tests.support.html import csrf_token, text


def test_manager_pages_need_a_login(client):
    for path in ("/followups", "/followups/1"):
        answer = client.get(path)
        assert answer.status_code == 302 and answer.headers["Location"].startswith("/login")


def test_wrong_password_is_refused_and_logins_are_rate_limited(app, client, clock):
    with app.app_context():
        factories.user(clock.now(), email="boss@example.com")
        db.session.commit()
    answer = client.post("/login", data={"email": "boss@example.com", "password": "wrong"})
    assert answer.status_code == 401 and "Wrong email or password" in text(answer.text)
    statuses = [
        client.post("/login", data={"email": "x@example.com", "password": "y"}).status_code for _ in range(12)
    ]
    assert statuses[-1] == 429


def test_a_form_post_without_csrf_token_is_refused(make_app, clock):
    app = make_app()  # CSRF on, as in production
    with app.app_context():
        factories.user(clock.now(), email="boss@example.com")
        db.session.commit()
    client = app.test_client()
    assert client.post("/login", data={"email": "boss@example.com", "password": PASSWORD}).status_code == 400
    page = client.get("/login")
    answer = client.post(
        "/login",
        data={"email": "boss@example.com", "password": PASSWORD, "csrf_token": csrf_token(page.text)},
    )
    assert answer.status_code == 302


def test_agents_see_only_their_own_tasks_and_managers_reassign(app, client, clock):
    now = clock.now()
    with app.app_context():
        factories.user(now, email="boss@example.com", name="Boss")
        factories.user(now, email="ann@example.com", name="Ann Agent", role="agent")
        factories.user(now, email="bob@example.com", name="Bob Agent", role="agent")
        db.session.commit()
        mine = factories.unhappy_task(now, name="Mine Customer", agent_email="ann@example.com")
        theirs = factories.unhappy_task(now, name="Their Customer", agent_email="bob@example.com")
        ids = mine.id, theirs.id
    log_in(client, "ann@example.com")
    queue = text(client.get("/followups").text)
    assert "Mine Customer" in queue and "Their Customer" not in queue
    assert client.get(f"/followups/{ids[1]}").status_code == 404
    assert client.post(f"/followups/{ids[0]}/assign", data={"assignee": 1}).status_code == 403
    client.post("/logout")

    log_in(client, "boss@example.com")
    queue = text(client.get("/followups").text)
    assert "Mine Customer" in queue and "Their Customer" in queue
    with app.app_context():
        bob = db.session.query(User).filter_by(email="bob@example.com").one()
    answer = client.post(f"/followups/{ids[0]}/assign", data={"assignee": bob.id}, follow_redirects=True)
    page = text(answer.text)
    assert "Assigned to Bob Agent" in page and "reassigned: assigned to Bob Agent" in page
    with app.app_context():
        assert db.session.get(FollowupTask, ids[0]).assignee_id == bob.id


def test_queue_puts_overdue_first_then_due_then_later_and_pages(app, client, clock):
    now = clock.now()
    with app.app_context():
        factories.user(now, email="boss@example.com")
        for name, shift in (
            ("Later", timedelta(days=2)),
            ("Overdue", -timedelta(hours=5)),
            ("Due Now", timedelta()),
        ):
            task = factories.unhappy_task(now, name=name)
            task.next_attempt_at = now + shift
        for n in range(55):
            factories.unhappy_task(now, name=f"Filler {n}").next_attempt_at = now + timedelta(
                days=3, minutes=n
            )
        db.session.commit()
    log_in(client, "boss@example.com")
    first = client.get("/followups").text
    shown = text(first)
    assert shown.index("Overdue") < shown.index("Due Now") < shown.index("Later")
    assert "overdue" in shown and "Filler 54" not in shown
    next_link = first.split('href="/followups?')[-1].split('"')[0].replace("&amp;", "&")
    assert "cursor=" in next_link
    second = text(client.get("/followups?" + next_link).text)
    assert "Filler 54" in second and "Overdue" not in second


def test_customer_file_keeps_notes_and_personal_facts_escaped(app, client, clock):
    with app.app_context():
        factories.user(clock.now(), email="boss@example.com")
        task = factories.unhappy_task(clock.now(), name="Jane Doe", phone="+15551234567")
        task_id, customer_id = task.id, task.customer_id
    log_in(client, "boss@example.com")
    back = f"?next=/followups/{task_id}"
    note = {"body": "<script>alert(1)</script> daughter at uni"}
    answer = client.post(f"/customers/{customer_id}/notes{back}", data=note)
    assert answer.status_code == 303 and answer.headers["Location"] == f"/followups/{task_id}#file"
    client.post(
        f"/customers/{customer_id}/profile{back}",
        data={
            "family": "two kids",
            "birthday": "1980-03-14",
            "hobbies": "sailing",
            "preferred_time": "mornings",
        },
    )
    page = client.get(f"/followups/{task_id}").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; daughter at uni" in page and "<script>alert" not in page
    shown = text(page)
    assert (
        "Family: two kids" in shown
        and "Birthday: 14 March" in shown
        and "Best time to call: mornings" in shown
    )
    assert 'href="tel:+15551234567"' in page


def test_queue_rows_show_ticket_answer_attempts_and_assignee_and_closed_ones_newest_first(app, client, clock):
    now = clock.now()
    with app.app_context():
        factories.user(now, email="boss@example.com", name="Boss Person")
        shown = factories.unhappy_task(now, rating=2, comment="Third time I called about the router " * 3)
        ticket = shown.response.survey.ticket
        ticket_line = f"{ticket.external_id} {ticket.subject}"
        shown_id = shown.id
        for name, hours_ago in (("Closed Earlier", 5), ("Closed Later", 1)):
            task = factories.unhappy_task(now, name=name)
            task.status, task.next_attempt_at = "closed", None
            task.closed_at = now - timedelta(hours=hours_ago)
        reached = factories.unhappy_task(now, name="Reached Third Time")
        db.session.commit()
        reached_id = reached.id
    log_in(client, "boss@example.com")
    for outcome in ("no_answer", "busy"):
        log_call(client, shown_id, outcome)
        log_call(client, reached_id, outcome)
    log_call(client, reached_id, "reached", "Spoke to them: fixed.")
    row = text(client.get("/followups").text)
    comment = "Third time I called about the router Third time I called..."
    labelled = f"Rating 2 of 5 {comment} Attempts 2 Owner Boss Person"
    assert f"{ticket_line} {labelled}" in row
    assert "Closed Later" not in row
    closed = text(client.get("/followups?status=closed").text)
    assert closed.index("Closed Later") < closed.index("Closed Earlier")
    # Three attempts, the one that reached them included (the retry count says 2).
    assert "Reached Third Time T-" in closed and "Still broken. Attempts 3 Owner Boss Person" in closed


def test_task_page_shows_the_whole_file_every_attempt_and_the_history(app, client, clock):
    now = clock.now()
    with app.app_context():
        factories.user(now, email="boss@example.com", name="Boss Person")
        jane = {"customer_id": "C-jane", "name": "Jane Doe"}
        earlier = factories.unhappy_task(now - timedelta(days=3), comment="Router dead", **jane)
        earlier.status, earlier.next_attempt_at, earlier.closed_at = "closed", None, now - timedelta(days=2)
        happy = factories.survey(now - timedelta(days=2), **jane)
        record_answer(db.session, happy, rating=5, comment="Works now", channel="web", now=now)
        unanswered = factories.survey(now - timedelta(days=1), **jane).ticket.external_id
        task = factories.unhappy_task(now, rating=2, comment="Third time I called", **jane)
        db.session.commit()
        ids = [t.response.survey.ticket.external_id for t in (earlier, task)]
        task_id, earlier_id, customer_id = task.id, earlier.id, task.customer_id
        happy_ticket = happy.ticket.external_id
    log_in(client, "boss@example.com")
    log_call(client, task_id, "no_answer")
    page = client.get(f"/followups/{task_id}").text
    shown = text(page)
    head = shown.split("Jane Doe", 2)[2].split("Call Jane", 1)[0]
    assert f"Ticket {ids[1]}" in head and "Rating 2 of 5" in head
    answer, rest = shown.split("What Jane said", 1)[1].split("Attempts", 1)
    assert "Third time I called" in answer and "repeat contact" in answer
    assert "Boss Person no answer" in rest.split("Customer file")[0]
    tickets = shown.split("Tickets", 1)[1].split("Answers", 1)[0]
    assert [tickets.index(t) for t in (ids[1], unanswered, happy_ticket, ids[0])] == sorted(
        tickets.index(t) for t in (ids[1], unanswered, happy_ticket, ids[0])
    )
    answers = shown.split("Answers", 1)[1].split("Other follow-ups", 1)[0]
    assert unanswered not in answers
    assert answers.index(ids[1]) < answers.index(happy_ticket) < answers.index(ids[0])
    assert "rating 5 · “Works now” · ok" in answers and "“Router dead” · unhappy" in answers
    others = shown.split("Other follow-ups", 1)[1].split("History", 1)[0]
    assert f"#{earlier_id} closed" in others and f"#{task_id} " not in others
    assert "· 0 attempts" in others
    history = shown.split("History", 1)[1]
    assert history.index("system · opened") < history.index("Boss Person · attempt")
    assert f'href="/customers/{customer_id}#facts"' in page
