"""Hostile input to every form and query parameter: never a 5xx, nothing stored from a refusal."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from config import Config
from core.extensions import db
from survey.models import Response
from tests.support import factories
from tests.support.factories import log_in
from wsgi import create_app

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
junk = st.one_of(
    st.text(max_size=300), st.integers().map(str), st.sampled_from(["", "0", "-1", "6", "1e9", "\x00"])
)


@pytest.fixture
def manager(app, client, clock):
    with app.app_context():
        factories.user(clock.now(), email="boss@example.com")
        task_id = factories.unhappy_task(clock.now()).id
    log_in(client, "boss@example.com")
    return task_id


@FUZZ
@given(status=junk, who=junk, cursor=junk, days=junk, start=junk, end=junk, q=junk)
def test_query_parameters_never_break_a_page(client, manager, status, who, cursor, days, start, end, q):
    pages = [
        ("/followups", {"status": status, "who": who, "cursor": cursor}),
        ("/dashboard", {"days": days}),
        ("/dashboard", {"from": start, "to": end}),
        ("/customers", {"q": q, "after": cursor}),
        ("/exports/responses.csv", {"from": start, "to": end}),
        ("/api/followups", {"status": status, "cursor": cursor, "limit": days}),
    ]
    for path, query in pages:
        assert client.get(path, query_string=query).status_code < 500, (path, query)


@FUZZ
@given(outcome=junk, note=junk, callback_at=junk, body=junk, birthday=junk, channel=junk)
def test_manager_forms_refuse_junk_without_a_5xx(
    app, client, manager, outcome, note, callback_at, body, birthday, channel
):
    posts = [
        (f"/followups/{manager}/attempts", {"outcome": outcome, "note": note, "callback_at": callback_at}),
        ("/customers/1/notes", {"body": body}),
        ("/customers/1/profile", {"birthday": birthday, "preferred_channel": channel, "family": body}),
        ("/customers/1/touches", {"kind": outcome, "note": note}),
        (f"/followups/{manager}/assign", {"assignee": channel}),
    ]
    for path, form in posts:
        assert client.post(path, data=form).status_code < 500, (path, form)


@FUZZ
@given(rating=junk, comment=st.text(max_size=6000))
def test_survey_form_refuses_junk_and_stores_nothing_when_it_refuses(app, client, clock, rating, comment):
    with app.app_context():
        survey = factories.survey(clock.now())
        from survey.delivery import survey_link

        path = survey_link("", factories.SETTINGS.secret_key, survey)
        before = db.session.scalar(select(func.count()).select_from(Response))
    answer = client.post(path, data={"rating": rating, "comment": comment})
    assert answer.status_code in (303, 400), answer.status_code
    with app.app_context():
        after = db.session.scalar(select(func.count()).select_from(Response))
    assert after == before + (1 if answer.status_code == 303 else 0)


def test_secret_key_is_required_outside_development(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("APP_ENV", "production")
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(Config())
