"""The customer knows who is asking: the organisation's name in every email, SMS and page."""

from __future__ import annotations

import re

import pytest

from config import Config
from core.extensions import db
from survey.models import Survey
from tests.support.html import text
from tests.support.peers import local_mailer, local_sms
from tests.support.webhooks import SECRET, run_worker, survey_path
from wsgi import create_app


@pytest.fixture
def branded(make_app, smtp, twilio):
    return make_app(
        mailer=local_mailer(smtp),
        sms=local_sms(twilio),
        WEBHOOK_SECRET=SECRET,
        PUBLIC_BASE_URL="http://survey.test",
        MAIL_DEFAULT_SENDER="support@acme.example",
        ORG_NAME="Acme Repairs",
        ORG_LOGO_URL="https://cdn.acme.example/logo.png",
        BRAND_COLOR="#aa3300",
        ORG_POSTAL_ADDRESS="1 Main St, Springfield",
        SURVEY_REPLY_TO="care@acme.example",
        WTF_CSRF_ENABLED=False,
    )


def test_org_name_is_required_outside_development(monkeypatch):
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "s" * 40)
    monkeypatch.delenv("ORG_NAME", raising=False)
    with pytest.raises(RuntimeError, match="ORG_NAME"):
        create_app(Config())


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("BRAND_COLOR", "red; background: url(x)"),
        ("ORG_LOGO_URL", "javascript:alert(1)"),
        ("SURVEY_REPLY_TO", "x"),
    ],
)
def test_a_brand_setting_that_would_break_a_page_stops_the_start(monkeypatch, name, value):
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "s" * 40)
    monkeypatch.setenv("ORG_NAME", "Acme Repairs")
    monkeypatch.setenv(name, value)
    with pytest.raises(RuntimeError, match=name):
        create_app(Config())


def test_email_names_the_organisation_in_from_subject_body_and_footer(branded, smtp):
    client = branded.test_client()
    survey_path(branded, client, branded.extensions["adapters"].clock)
    run_worker(branded)

    [email] = smtp.messages
    plain = email.get_body(preferencelist=("plain",)).get_content()
    html = email.get_body(preferencelist=("html",)).get_content()
    assert email["From"] == "Acme Repairs <support@acme.example>"
    assert email["Reply-To"] == "care@acme.example"
    assert email["Subject"].startswith("Acme Repairs: ")
    assert "Acme Repairs would like to know how it went." in plain
    assert "1 Main St, Springfield" in plain and "1 Main St, Springfield" in html
    assert 'src="https://cdn.acme.example/logo.png"' in html
    assert "border-top: 6px solid #aa3300" in html


def test_every_sms_starts_with_the_organisation(branded, twilio):
    client = branded.test_client()
    survey_path(branded, client, branded.extensions["adapters"].clock)
    run_worker(branded)

    [sms] = twilio.messages
    assert sms.body.startswith("Acme Repairs: How did we do")


def test_every_customer_page_names_the_organisation(branded, clock):
    client = branded.test_client()
    path = survey_path(branded, client, clock)

    pages = {
        "survey": client.get(path),
        "thanks": client.post(path, data={"rating": "4"}, follow_redirects=True),
        "unsubscribe": client.get(path + "/unsubscribe"),
        "not found": client.get("/s/" + "x" * 32),
    }
    clock.advance(days=29)
    pages["expired"] = client.get(path)

    assert [page.status_code for page in pages.values()] == [200, 200, 200, 404, 410]
    for name, page in pages.items():
        assert re.search(r"<title>[^<]* · Acme Repairs</title>", page.text), name
        assert "Acme Repairs" in text(page.text), name
        assert 'src="https://cdn.acme.example/logo.png"' in page.text, name
        assert "img-src 'self' https://cdn.acme.example " in page.headers["Content-Security-Policy"], name
    assert client.get("/s/brand.css").text.count("#aa3300") >= 2


def test_thank_you_page_says_what_happens_next_and_how_to_reach_the_team(branded, clock):
    client = branded.test_client()
    path = survey_path(branded, client, clock)

    page = text(
        client.post(path, data={"rating": "1", "comment": "Still broken"}, follow_redirects=True).text
    )

    assert "A manager will call you within one working day" in page
    assert "care@acme.example" in page
    with branded.app_context():
        assert db.session.query(Survey).one().status == "answered"
