"""The settings page: managers change the brand and the survey's wording; every change audited."""

from __future__ import annotations

from sqlalchemy import select

from core.extensions import db
from survey.models import BrandChange
from tests.support import factories
from tests.support.html import text
from tests.support.webhooks import run_worker, survey_path

SETTINGS = {
    "name": "Acme Repairs",
    "logo_url": "",
    "color": "#0b5cab",
    "postal_address": "",
    "reply_to": "",
    "question": "",
    "thank_you": "",
}


def logged_in(app, clock, role: str = "manager"):
    client = app.test_client()
    with app.app_context():
        user = factories.user(clock.now(), role=role)
        db.session.commit()
        email = user.email
    assert factories.log_in(client, email).status_code == 302
    return client


def test_only_managers_reach_the_settings_page(app, clock):
    assert app.test_client().get("/settings").status_code == 302  # to the login page
    assert logged_in(app, clock, role="agent").get("/settings").status_code == 403
    page = logged_in(app, clock).get("/settings")
    assert page.status_code == 200 and "Acme Repairs" in page.text


def test_a_new_name_and_question_reach_the_email_and_the_page_and_are_audited(app, clock, smtp):
    manager = logged_in(app, clock)
    saved = manager.post(
        "/settings",
        data={**SETTINGS, "name": "Bolt Fixers", "question": "Did we fix it?", "thank_you": "Cheers!"},
    )
    assert saved.status_code == 303
    assert "Saved: name, question, thank_you." in text(manager.get("/settings").text)

    customer = app.test_client()
    path = survey_path(app, customer, clock)
    run_worker(app)
    assert smtp.messages[0]["From"] == "Bolt Fixers <support@example.com>"
    assert "Did we fix it?" in smtp.messages[0].get_body(preferencelist=("plain",)).get_content()
    page = text(customer.get(path).text)
    assert "Bolt Fixers" in page and "Did we fix it?" in page
    thanks = text(customer.post(path, data={"rating": "5"}, follow_redirects=True).text)
    assert "Cheers!" in thanks

    with app.app_context():
        trail = [(c.field, c.old_value, c.new_value) for c in db.session.scalars(select(BrandChange))]
    assert sorted(trail) == [
        ("name", None, "Bolt Fixers"),
        ("question", None, "Did we fix it?"),
        ("thank_you", None, "Cheers!"),
    ]


def test_a_blank_field_goes_back_to_the_environment_default(app, clock):
    manager = logged_in(app, clock)
    manager.post("/settings", data={**SETTINGS, "name": "Bolt Fixers"})
    manager.post("/settings", data={**SETTINGS, "name": ""})

    customer = app.test_client()
    assert "Acme Repairs" in text(customer.get(survey_path(app, customer, clock)).text)
    with app.app_context():
        assert [c.new_value for c in db.session.scalars(select(BrandChange).order_by(BrandChange.id))] == [
            "Bolt Fixers",
            None,
        ]


def test_a_colour_or_logo_that_could_inject_is_refused(app, clock):
    manager = logged_in(app, clock)

    refused = manager.post(
        "/settings", data={**SETTINGS, "color": "red;}body{display:none", "logo_url": "javascript:alert(1)"}
    )

    assert refused.status_code == 400
    assert "Must be a colour like #0b5cab." in text(refused.text)
    assert "Must be an http(s):// address of an image." in text(refused.text)
    with app.app_context():
        assert db.session.scalar(select(BrandChange)) is None
