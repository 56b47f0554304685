"""Whatever a correctly signed sender posts, no endpoint answers 5xx or stores more than its answer says.

Three kinds of body per endpoint: random bytes, random JSON, and the system's documented payload
with values anywhere in the tree swapped for random JSON (the only kind that reaches the rules
often). Each answer allows exactly these changes (survey/intake/service.py lists them):

  4xx                  nothing
  202 scheduled        +1 delivery; at most +1 customer, +1 ticket, +1 survey, +2 outbox rows;
                       the survey it names is scheduled with 1-2 pending invitations
  200 duplicate        at most +1 delivery (none for a repeated delivery id)
  200 ignored, skipped not_closed   +1 delivery
  200 skipped (other)  +1 delivery; at most +1 customer and +1 ticket
  200 cancelled        +1 delivery; the survey it names is cancelled
"""

from __future__ import annotations

import json
import string
import uuid

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from notify.models import OutboxMessage
from survey.models import Survey
from tests.support import helpdesks as hd
from tests.support.webhooks import signed, ticket_closed

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=40)
    | st.sampled_from(
        [
            "",
            "closed",
            "solved",
            "Done",
            "open",
            "ticket.reopened",
            "2026-11-22T10:00:00Z",
            "x" * 300,
            "a\x00b",
            "+15551234567",
            "jane@example.com",
            "Europe/Paris",
        ]
    )  # fmt: skip
)
JSON = st.recursive(
    SCALARS,
    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=12), kids, max_size=4),
    max_leaves=10,
)
DOCUMENTED = {  # closed and reopened, for a given ticket id
    "tickets": [ticket_closed, lambda ticket: {"type": "ticket.reopened", "ticket": {"id": ticket}}],
    "zendesk": [
        hd.zendesk_trigger,
        lambda ticket: hd.zendesk_trigger(ticket, status="open", previous="solved"),
    ],
    "jira": [hd.jira_issue, lambda ticket: hd.jira_issue(ticket, done=False, from_status="Done")],
    "freshdesk": [
        hd.freshdesk_ticket,
        lambda t: hd.freshdesk_ticket(t, status="Open", event="{status:{from:4,to:2}}"),
    ],
}
TICKET_IDS = st.text(alphabet=string.ascii_uppercase + string.digits, min_size=1, max_size=3)
DELIVERY_IDS = st.text(alphabet=string.ascii_letters + string.digits + "_-.", min_size=1, max_size=230)


def _paths(node: object, prefix: tuple = ()) -> list[tuple]:
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, child in node.items():
            found += _paths(child, (*prefix, key))
    return found


@st.composite
def mutated(draw, system: str, swaps: int = 2) -> dict:
    payload = draw(st.sampled_from(DOCUMENTED[system]))(draw(TICKET_IDS))
    for path in draw(st.lists(st.sampled_from(_paths(payload)), max_size=swaps)):
        node = payload
        for key in path[:-1]:
            node = node.get(key) if isinstance(node, dict) else None
        if isinstance(node, dict):
            node[path[-1]] = draw(JSON)
    return payload


def bodies(system: str):
    return st.one_of(st.binary(max_size=300), JSON, *[mutated(system)] * 3, *[mutated(system, swaps=0)] * 2)


def request(system: str, body: object, now, delivery_id: str):
    payload = body if isinstance(body, bytes) else json.dumps(body).encode()
    if system == "tickets":
        headers, data = signed(payload, now, msg_id=delivery_id)
        return "/webhooks/tickets", headers, data
    build = {"zendesk": hd.zendesk_request, "jira": hd.jira_request, "freshdesk": hd.freshdesk_request}[
        system
    ]
    return build(payload, now)


def _changes(before: dict, after: dict) -> dict:
    return {name: after[name] - before[name] for name in after if after[name] != before[name]}


def check_storage(app, answer, change: dict) -> None:
    status, body = answer.status_code, answer.get_json(silent=True) or {}
    assert status < 500, body
    if status >= 400:
        assert change == {}, (status, body)
        return
    outcome = body["status"]
    limits = {
        "scheduled": {"deliveries": 1, "customers": 1, "tickets": 1, "surveys": 1, "outbox": 2},
        "duplicate": {"deliveries": 1},
        "ignored": {"deliveries": 1},
        "cancelled": {"deliveries": 1},
        "skipped": {"deliveries": 1}
        if body.get("reason") == "not_closed"
        else {"deliveries": 1, "customers": 1, "tickets": 1},
    }[outcome]
    assert set(change) <= set(limits) and all(0 < n <= limits[k] for k, n in change.items()), (body, change)
    if outcome != "duplicate":
        assert change.get("deliveries") == 1, (body, change)
    if outcome in ("scheduled", "cancelled"):
        from core.extensions import db

        with app.app_context():
            survey = db.session.get(Survey, body["survey_id"])
            invites = db.session.scalars(
                select(OutboxMessage.status).where(OutboxMessage.ref_id == survey.id)
            )
            assert survey.status == outcome
            if outcome == "scheduled":
                assert list(invites) in (["pending"], ["pending", "pending"])
            db.session.remove()


@pytest.fixture
def app(make_app, smtp, twilio):
    return hd.intake_app(make_app, smtp, twilio, SURVEY_THROTTLE_DAYS=0)


@pytest.mark.parametrize("system", ["tickets", "zendesk", "jira", "freshdesk"])
@settings(
    max_examples=120,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_signed_random_input_never_fails_and_stores_only_what_the_answer_says(app, clock, system, data):
    body = data.draw(bodies(system), label="body")
    delivery_id = data.draw(st.one_of(DELIVERY_IDS, *[st.just(f"msg_{uuid.uuid4().hex}")] * 3), label="id")
    path, headers, raw = request(system, body, clock.now(), delivery_id)
    before = hd.row_counts(app)
    answer = app.test_client().post(path, data=raw, headers=headers)
    if answer.status_code == 401:
        # Standard Webhooks signs text: a body that is not UTF-8 cannot carry a valid signature.
        assert system == "tickets" and isinstance(body, bytes) and not _is_utf8(body)
    event(
        f"{answer.status_code} {(answer.get_json(silent=True) or {}).get('status', '')}"
    )  # for --hypothesis-show-statistics
    check_storage(app, answer, _changes(before, hd.row_counts(app)))


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
