"""Placing a call through Twilio's Calls API: the manager's phone rings first.

Like SMS, callers depend on a small protocol (`CallPlacer`) and the real implementation is the
official `twilio` client, pointed at TWILIO_API_BASE so tests reach a local stand-in.
"""

from __future__ import annotations

from typing import Protocol

import requests
from twilio.base.exceptions import TwilioRestException, TwilioServiceException

from notify.errors import TransientError, twilio_error
from notify.sms import TwilioAccount

RING_SECONDS = 20


class CallPlacer(Protocol):
    def place(self, to: str, url: str, status_callback: str) -> str:
        """Ask the provider to ring `to`, fetch TwiML from `url` when answered; returns the CallSid."""
        ...


class TwilioVoice(TwilioAccount):
    """`POST /2010-04-01/Accounts/{sid}/Calls.json`; recordings stay off (Twilio's default)."""

    def place(self, to: str, url: str, status_callback: str) -> str:
        try:
            call = self._client.calls.create(
                to=to,
                from_=self.from_number,
                url=url,
                method="POST",
                status_callback=status_callback,
                status_callback_method="POST",
                # Shorter than most phones ring before their voicemail answers, so the
                # manager's own voicemail is not put through to the customer.
                timeout=RING_SECONDS,
            )
        except (TwilioRestException, TwilioServiceException) as exc:
            raise twilio_error(exc.status, exc.code) from exc
        except requests.Timeout as exc:
            raise TransientError("twilio timeout") from exc
        except requests.ConnectionError as exc:
            raise TransientError("twilio connection failed") from exc
        return str(call.sid)
