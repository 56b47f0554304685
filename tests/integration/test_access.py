"""Roles, route by route: every route declares who may use it, as the README's matrix says.

The first tests walk `app.url_map`, so a route added anywhere without a declaration (or without
its row in the README) fails here; the next ones request every route as nobody, as an agent and
as a manager; the last ones check what an agent sees inside the routes they may use.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask

from core.access import PUBLIC, declared
from core.extensions import db
from tests.support import factories
from tests.support.access import rules_of, sample_path, signed_in
from tests.support.html import text

IGNORED_METHODS = {"HEAD", "OPTIONS"}
README = Path(__file__).resolve().parents[2] / "README.md"


def readme_matrix() -> dict[tuple[str, str], str]:
    """(method, rule) -> "public" | "agent, manager" | "manager", from the README's table."""
    readme = README.read_text()
    section = readme.split("## Roles: who may use what", 1)[1].split("\n## ", 1)[0]
    matrix = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if len(cells) < 2 or not cells[0].startswith("`"):
            continue
        for route in re.findall(r"`([^`]+)`", cells[0]):
            methods, path = route.split(" ", 1)
            for method in methods.split(","):
                matrix[(method, path)] = cells[1]
    return matrix


def as_words(rule: str | frozenset[str]) -> str:
    return PUBLIC if rule == PUBLIC else ", ".join(sorted(rule))


def test_every_route_declares_who_may_use_it(app):
    undeclared = [rule.endpoint for rule in app.url_map.iter_rules() if declared(app, rule.endpoint) is None]
    assert undeclared == [], "routes without @public or @allow(...) (see the README's Roles section)"


def test_the_readme_matrix_says_what_each_route_declares(app):
    actual = {
        (method, rule.rule): as_words(declared(app, rule.endpoint))
        for rule in app.url_map.iter_rules()
        for method in rule.methods - IGNORED_METHODS
    }
    assert readme_matrix() == actual


def test_a_route_that_declares_nothing_is_refused_even_to_a_manager(make_app, clock):
    app: Flask = make_app(WTF_CSRF_ENABLED=False)

    @app.get("/forgotten")
    def forgotten():
        return "customer list"

    with app.app_context():
        factories.user(clock.now(), email="boss@example.com")
        db.session.commit()
    client = app.test_client()
    factories.log_in(client, "boss@example.com")
    answer = client.get("/forgotten")
    assert answer.status_code == 403 and "customer list" not in answer.text


@pytest.fixture
def people(app, clock):
    """A manager, an agent, and one task that is not the agent's; API tokens for both."""
    now = clock.now()
    with app.app_context():
        boss = factories.user(now, email="boss@example.com", name="Boss")
        ann = factories.user(now, email="ann@example.com", name="Ann Agent", role="agent")
        tokens = {"manager": factories.api_token(boss, now), "agent": factories.api_token(ann, now)}
        db.session.commit()
        task = factories.unhappy_task(now, name="Other Customer", agent_email="bob@example.com")
        ids = {"task_id": task.id, "customer_id": task.customer_id, "message_id": 1}
    return {"tokens": tokens, "ids": ids}


def test_every_route_answers_nobody_an_agent_and_a_manager_as_declared(app, people):
    """Nobody is sent to log in (401 on the API); an agent is refused manager routes; no 5xx."""
    checked = 0
    clients = {"agent": signed_in(app, "ann@example.com"), "manager": signed_in(app, "boss@example.com")}
    for rule, method, token_auth in rules_of(app):
        who = declared(app, rule.endpoint)
        if who == PUBLIC:
            continue
        path = sample_path(rule, people["ids"])
        nobody = app.test_client().open(path, method=method)
        nobody.close()  # a streamed export holds its request context until closed
        if token_auth:
            assert nobody.status_code == 401, (method, path)
        else:
            assert nobody.status_code == 302 and nobody.headers["Location"].startswith("/login"), (
                method,
                path,
            )
        for role in ("agent", "manager"):
            client = clients[role]
            headers = {"Authorization": f"Bearer {people['tokens'][role]}"} if token_auth else {}
            answer = client.open(path, method=method, headers=headers)
            answer.close()
            assert answer.status_code < 500, (role, method, path, answer.status_code)
            if role in who:
                assert answer.status_code not in (401, 403), (role, method, path)
            else:
                assert answer.status_code == 403, (role, method, path, answer.status_code)
            checked += 1
    assert checked >= 2 * 20  # every signed-in route of today, for both roles


def test_an_agent_sees_only_the_customers_and_tasks_of_their_tickets_or_assignments(app, clock):
    now = clock.now()
    with app.app_context():
        factories.user(now, email="boss@example.com", name="Boss")
        ann = factories.user(now, email="ann@example.com", name="Ann Agent", role="agent")
        token = factories.api_token(ann, now)
        db.session.commit()
        # Ann's ticket, but the task went to the manager: still hers to see.
        theirs_by_ticket = factories.unhappy_task(now, name="Ticket Customer", agent_email="ann@example.com")
        theirs_by_ticket.assignee_id = None
        other = factories.unhappy_task(now, name="Stranger Customer", agent_email="bob@example.com")
        given = factories.unhappy_task(now, name="Given Customer", agent_email="bob@example.com")
        given.assignee_id = ann.id
        db.session.commit()
        visible = {theirs_by_ticket.id: theirs_by_ticket.customer_id, given.id: given.customer_id}
        hidden = (other.id, other.customer_id)

    client = signed_in(app, "ann@example.com")
    queue = text(client.get("/followups").text)
    assert "Ticket Customer" in queue and "Given Customer" in queue and "Stranger Customer" not in queue
    customers = text(client.get("/customers").text)
    assert "Ticket Customer" in customers and "Given Customer" in customers
    assert "Stranger Customer" not in customers
    for task_id, customer_id in visible.items():
        assert client.get(f"/followups/{task_id}").status_code == 200
        assert client.get(f"/customers/{customer_id}").status_code == 200
    assert client.get(f"/followups/{hidden[0]}").status_code == 404
    assert client.get(f"/customers/{hidden[1]}").status_code == 404
    assert client.post(f"/customers/{hidden[1]}/notes", data={"body": "x"}).status_code == 404
    assert client.post(f"/followups/{hidden[0]}/attempts", data={"outcome": "busy"}).status_code == 404

    api = app.test_client()
    bearer = {"Authorization": f"Bearer {token}"}
    listed = api.get("/api/followups", headers=bearer).get_json()
    assert {item["id"] for item in listed["items"]} == set(visible)
    assert api.get(f"/api/followups/{hidden[0]}", headers=bearer).status_code == 404
    for manager_only in ("/dashboard", "/outbox", "/touch", "/exports/tasks.csv"):
        assert client.get(manager_only).status_code == 403, manager_only
    for manager_only in ("/api/exports/tasks", "/api/exports/responses"):
        assert api.get(manager_only, headers=bearer).status_code == 403, manager_only


def test_a_manager_sees_every_customer_and_task(app, clock):
    now = clock.now()
    with app.app_context():
        factories.user(now, email="boss@example.com", name="Boss")
        one = factories.unhappy_task(now, name="First Customer", agent_email="ann@example.com")
        two = factories.unhappy_task(now, name="Second Customer", agent_email="bob@example.com")
        ids = [(one.id, one.customer_id), (two.id, two.customer_id)]
    client = signed_in(app, "boss@example.com")
    assert {"First Customer", "Second Customer"} <= set(
        re.findall(r"\w+ Customer", client.get("/customers").text)
    )
    for task_id, customer_id in ids:
        assert client.get(f"/followups/{task_id}").status_code == 200
        assert client.get(f"/customers/{customer_id}").status_code == 200
    assert client.get("/dashboard").status_code == 200 and client.get("/outbox").status_code == 200
