"""The app's real mail and SMS adapters, pointed at the local test peers (aiosmtpd, FakeTwilio)."""

from __future__ import annotations

from devtools.fake_twilio import DEMO_ACCOUNT_SID, DEMO_AUTH_TOKEN
from notify.mail import SmtpMailer
from notify.sms import TwilioSms
from notify.voice import TwilioVoice

SENDER = "support@example.com"
FROM_NUMBER = "+15550009999"


def local_mailer(smtp, port: int | None = None) -> SmtpMailer:
    """SMTP to the catcher (or to `port`, e.g. one where nothing listens)."""
    return SmtpMailer(smtp.host, port or smtp.port, False, None, None, SENDER)


def local_sms(twilio) -> TwilioSms:
    return TwilioSms(DEMO_ACCOUNT_SID, DEMO_AUTH_TOKEN, FROM_NUMBER, api_base=twilio.url)


def local_voice(twilio) -> TwilioVoice:
    return TwilioVoice(DEMO_ACCOUNT_SID, DEMO_AUTH_TOKEN, FROM_NUMBER, api_base=twilio.url)
