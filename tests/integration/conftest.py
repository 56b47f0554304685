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


@pytest.fixture
def voice(make_app, smtp):
    """An app with calls through the app on, and a fake Twilio that plays each call against it.

    Yields (app, twilio); the fake's webhooks reach the app through its test client.
    """
    from devtools.fake_twilio import DEMO_ACCOUNT_SID, DEMO_AUTH_TOKEN, FakeTwilio
    from tests.support.peers import FROM_NUMBER, local_voice
    from tests.support.voice import AppTransport

    transport = AppTransport()
    with FakeTwilio(transport=transport) as twilio:
        app = make_app(
            mailer=local_mailer(smtp),
            sms=local_sms(twilio),
            voice=local_voice(twilio),
            WEBHOOK_SECRET=SECRET,
            PUBLIC_BASE_URL="http://survey.test",
            MAIL_DEFAULT_SENDER="support@example.com",
            WTF_CSRF_ENABLED=False,
            VOICE_CALLS=True,
            TWILIO_ACCOUNT_SID=DEMO_ACCOUNT_SID,
            TWILIO_AUTH_TOKEN=DEMO_AUTH_TOKEN,
            TWILIO_FROM_NUMBER=FROM_NUMBER,
            TWILIO_API_BASE=twilio.url,
        )
        transport.app = app
        yield app, twilio
