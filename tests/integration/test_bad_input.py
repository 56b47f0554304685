"""Bad input never answers 5xx: crafted cursors, ids past any row, datetimes without an offset, 1e308.

The property test asks every list route of the app (every GET route without a path parameter
that a signed-in user may open, found in `app.url_map`) with hostile query strings, as a manager
and as an agent, so a list route added later is covered too.
"""

from __future__ import annotations

import base64
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.access import PUBLIC, declared
from core.extensions import db
from tests.support import factories
from tests.support.access import rules_of, signed_in

FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
NAMES = ("status", "who", "cursor", "limit", "days", "from", "to", "after", "q", "show", "rating")


def crafted(parts) -> str:
    return base64.urlsafe_b64encode(json.dumps(parts).encode()).decode()


STATUS_LIKE = st.sampled_from(["open", "closed", "all", "", "x"])
TIME_LIKE = st.sampled_from(
    ["2026-01-01T00:00:00", "2026-01-01", "9999-12-31T23:59:59+00:00", "0001-01-01T00:00:00+14:00", None]
)
ID_LIKE = st.one_of(
    st.integers(min_value=-(2**80), max_value=2**80), st.floats(allow_nan=False), st.booleans()
)
part = st.one_of(STATUS_LIKE, TIME_LIKE, ID_LIKE, st.text(max_size=20))
value = st.one_of(
    st.sampled_from(["1e308", "-1e308", "99999999999999999999", "-1", "0", "2026-11-23T10:00", "NaN", ""]),
    st.tuples(STATUS_LIKE, TIME_LIKE, ID_LIKE).map(list).map(crafted),  # shaped like ours, values not
    st.lists(part, max_size=4).map(crafted),
    st.text(max_size=40).filter(lambda text: "\x00" not in text),
    st.integers().map(str),
)
query = st.fixed_dictionaries({}, optional=dict.fromkeys(NAMES, value))  # each name half the time


@pytest.fixture
def visitors(app, clock):
    """A manager's and an agent's clients (session and bearer token), with a task to list."""
    now = clock.now()
    with app.app_context():
        boss = factories.user(now, email="boss@example.com")
        ann = factories.user(now, email="ann@example.com", role="agent")
        tokens = {"manager": factories.api_token(boss, now), "agent": factories.api_token(ann, now)}
        factories.unhappy_task(now, agent_email="ann@example.com")
        db.session.commit()
    clients = {"manager": signed_in(app, "boss@example.com"), "agent": signed_in(app, "ann@example.com")}
    app.config["PROPAGATE_EXCEPTIONS"] = False  # a failure is a 500 answer here, as a client sees it
    routes = [
        (rule.rule, token_auth)
        for rule, method, token_auth in rules_of(app)
        if method == "GET" and not rule.arguments and declared(app, rule.endpoint) not in (PUBLIC, None)
    ]
    return clients, tokens, routes


@FUZZ
@given(params=query)
def test_no_list_route_answers_5xx_to_any_query_string(visitors, params):
    clients, tokens, routes = visitors
    assert len(routes) >= 8
    for path, token_auth in routes:
        for role, client in clients.items():
            headers = {"Authorization": f"Bearer {tokens[role]}"} if token_auth else {}
            answer = client.get(path, query_string=params, headers=headers)
            answer.close()
            assert answer.status_code < 500, (role, path, params, answer.status_code)


@pytest.mark.parametrize(
    "parts",
    [
        ["open", "2026-01-01T00:00:00", 1],  # no offset
        ["open", "2026-01-01T00:00:00+00:00", 2**70],  # no row has such an id
        ["open", "9999-12-31T23:59:59+00:00", 1e308],
        ["elsewhere", "2026-01-01T00:00:00+00:00", 1],
        ["closed", None, True],
    ],
)
def test_a_crafted_cursor_is_refused_as_the_clients_error(visitors, parts):
    clients, tokens, _ = visitors
    cursor = crafted(parts)
    assert clients["manager"].get("/followups", query_string={"cursor": cursor}).status_code == 400
    bearer = {"Authorization": f"Bearer {tokens['manager']}"}
    answer = clients["manager"].get("/api/followups", query_string={"cursor": cursor}, headers=bearer)
    assert answer.status_code == 422 and answer.mimetype == "application/problem+json"


def test_ids_past_any_row_are_not_found(visitors):
    clients, tokens, _ = visitors
    boss, huge = clients["manager"], "99999999999999999999"
    for path in (f"/followups/{huge}", f"/customers/{huge}", f"/api/followups/{huge}"):
        headers = {"Authorization": f"Bearer {tokens['manager']}"} if path.startswith("/api/") else {}
        assert boss.get(path, headers=headers).status_code == 404, path
    assert boss.post(f"/outbox/{huge}/retry").status_code == 404
    assert boss.post("/outbox/2147483648/retry").status_code == 404


def test_a_callback_time_without_an_offset_or_out_of_range_is_refused(visitors, app):
    clients, tokens, _ = visitors
    with app.app_context():
        from followup.models import FollowupTask

        task_id = db.session.query(FollowupTask.id).scalar()
    bearer = {"Authorization": f"Bearer {tokens['manager']}"}
    for when in ("2026-12-01T10:00:00", 1e308, "1e308"):
        body = {"outcome": "no_answer", "callback_at": when}
        answer = clients["manager"].post(f"/api/followups/{task_id}/attempts", json=body, headers=bearer)
        assert answer.status_code == 422, (when, answer.status_code)
