"""Integration fixtures: the app on the real test database with real local SMTP and Twilio peers."""

from __future__ import annotations

import pytest

from devtools.fake_twilio import DEMO_ACCOUNT_SID, DEMO_AUTH_TOKEN
from notify.mail import SmtpMailer
from notify.sms import TwilioSms
from tests.support.webhooks import SECRET

FROM_NUMBER = "+15550009999"


@pytest.fixture
def app(make_app, smtp, twilio):
    mailer = SmtpMailer(
        host=smtp.host,
        port=smtp.port,
        use_tls=False,
        username=None,
        password=None,
        default_sender="support@example.com",
    )
    sms = TwilioSms(DEMO_ACCOUNT_SID, DEMO_AUTH_TOKEN, FROM_NUMBER, api_base=twilio.url)
    return make_app(
        mailer=mailer,
        sms=sms,
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
