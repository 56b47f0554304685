"""The optional weekly digest: one per manager per week, listing who has gone quiet."""

from __future__ import annotations

from datetime import timedelta

from core.extensions import db
from scheduler.jobs import tick
from tests.support import factories
from tests.support.peers import local_mailer


def test_each_manager_gets_one_digest_a_week_on_the_chosen_day(make_app, smtp, clock):
    mailer = local_mailer(smtp)
    app = make_app(
        TOUCH_DIGEST="email", TOUCH_DIGEST_DAY="Mon", mailer=mailer, BUSINESS_HOURS="Mon-Fri 09:00-17:00"
    )
    with app.app_context():
        factories.user(clock.now(), email="boss@example.com", timezone="UTC")
        factories.user(clock.now(), email="agent@example.com", role="agent")
        factories.survey(clock.now() - timedelta(days=60), name="Quiet Quentin", email="q@example.com")
        db.session.commit()
        deliverer = app.extensions["deliverer_factory"]()
        tick(app, "test", deliverer)  # Monday 15:00 UTC: inside business hours
        tick(app, "test", deliverer)
        clock.advance(days=1)
        tick(app, "test", deliverer)  # Tuesday: not the day
    digests = [m for m in smtp.messages if m["Subject"] == "This week: keep in touch"]
    survey_mails = [m for m in smtp.messages if m not in digests]
    assert [m["To"] for m in digests] == ["boss@example.com"]  # managers only, once
    body = digests[0].get_content()
    assert "1 customers not touched for 28 days (Quiet Quentin)" in body and "/touch" in body
    assert all(m["To"] == "q@example.com" for m in survey_mails)
    with app.app_context():
        clock.advance(days=6)  # the next Monday
        tick(app, "test", app.extensions["deliverer_factory"]())
    assert len([m for m in smtp.messages if m["Subject"] == "This week: keep in touch"]) == 2
