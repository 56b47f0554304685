"""The profile page: a user's own name, phone, time zone, reminders and password."""

from __future__ import annotations

import pytest

from core.extensions import db
from followup.models import User
from tests.integration.test_callback_reminders import MORGAN, run_tick, texts_to, unhappy_jane
from tests.support import factories
from tests.support.factories import PASSWORD, log_in
from tests.support.html import text

DETAILS = {
    "action": "details",
    "name": "Morgan Lee",
    "phone": "+1 555 000 1111",
    "timezone": "America/Chicago",
}


@pytest.fixture
def morgan(app, clock) -> str:
    with app.app_context():
        factories.user(clock.now(), email="morgan@example.com", name="Morgan")
        db.session.commit()
    return "morgan@example.com"


def _user(app, email: str) -> User:
    with app.app_context():
        user = db.session.query(User).filter_by(email=email).one()
        db.session.expunge(user)
        return user


def test_a_user_keeps_their_name_phone_time_zone_and_reminders(app, client, morgan):
    log_in(client, morgan)
    page = client.get("/profile").text
    assert 'value="Morgan"' in page and '<option value="America/Chicago">' in page
    saved = client.post("/profile", data={**DETAILS, "reminders": "both"})
    assert saved.status_code == 303
    user = _user(app, morgan)
    assert (user.name, user.phone, user.timezone, user.reminders) == (
        "Morgan Lee", "+15550001111", "America/Chicago", "both",
    )  # fmt: skip
    assert "Profile saved." in text(client.get("/profile").text)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone", "12", "not a phone number that can be dialled"),
        ("timezone", "Mars/Olympus_Mons", "choose a time zone from the list"),
        ("reminders", "pigeon", "must be one of sms, email, both"),
        ("name", "  ", "Give your name."),
    ],
)
def test_a_bad_value_is_refused_by_name_and_nothing_changes(app, client, morgan, field, value, message):
    log_in(client, morgan)
    refused = client.post("/profile", data={**DETAILS, "reminders": "sms", field: value})
    assert refused.status_code in (400, 422) and refused.request.path == "/profile"
    shown = text(refused.text)
    assert "Your profile was not saved." in shown and message in shown
    assert _user(app, morgan).name == "Morgan"


def test_changing_the_password_ends_every_other_session_but_this_one(app, morgan):
    here, elsewhere = app.test_client(), app.test_client()
    log_in(here, morgan)
    log_in(elsewhere, morgan)
    assert elsewhere.get("/followups").status_code == 200

    new = {"action": "password", "new_password": "a new long one", "repeat_password": "a new long one"}
    wrong = here.post("/profile", data={**new, "current_password": "nope"})
    assert wrong.status_code == 422 and "that is not your current password" in text(wrong.text)
    assert elsewhere.get("/followups").status_code == 200

    changed = here.post("/profile", data={**new, "current_password": PASSWORD})
    assert changed.status_code == 303
    assert here.get("/followups").status_code == 200
    assert elsewhere.get("/followups").headers["Location"].startswith("/login")
    assert (
        app.test_client().post("/login", data={"email": morgan, "password": "a new long one"}).status_code
        == 302
    )


@pytest.mark.parametrize(
    ("reminders", "by_sms", "by_email"), [("both", 1, 1), ("email", 0, 1), ("sms", 1, 0)]
)
def test_call_back_reminders_reach_the_manager_the_way_their_profile_asks(
    app, clock, twilio, smtp, reminders, by_sms, by_email
):
    with app.app_context():
        factories.user(clock.now(), email="morgan@example.com", name="Morgan", phone=MORGAN)
        db.session.query(User).filter_by(email="morgan@example.com").one().reminders = reminders
        db.session.commit()
    unhappy_jane(app, clock)
    run_tick(app)
    run_tick(app)
    assert len(texts_to(twilio, MORGAN)) == by_sms
    emails = [m for m in smtp.messages if m["To"] == "morgan@example.com"]
    assert [m["Subject"] for m in emails] == ["Call back Jane Doe"] * by_email
