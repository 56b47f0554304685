"""Integration fixtures: the app on the real test database with real local SMTP and Twilio peers."""

from __future__ import annotations

import pytest

from tests.support.peers import local_mailer, local_sms
from tests.support.webhooks import SECRET


@pytest.fixture
def app(make_app, smtp, twilio):
    return make_app(
        mailer=local_mailer(smtp),
        sms=local_sms(twilio),
        WEBHOOK_SECRET=SECRET,
        PUBLIC_BASE_URL="http://survey.test",
        MAIL_DEFAULT_SENDER="support@example.com",
        WTF_CSRF_ENABLED=False,
    )


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def db_session(app):
    from core.extensions import db

    with app.app_context():
        yield db.session
