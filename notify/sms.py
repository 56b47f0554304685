"""Survey links and manager reminders by SMS through Twilio.

Callers depend on the `SmsSender` protocol; `TwilioSms` is the real implementation and
goes through the official `twilio` client, so tests exercise the same request building
and error parsing as production by pointing it at a local Twilio-compatible server.
"""

from __future__ import annotations

from typing import Any, Protocol
from urllib.parse import urlsplit, urlunsplit

import requests
from twilio.base.exceptions import TwilioRestException, TwilioServiceException
from twilio.http.http_client import TwilioHttpClient
from twilio.http.response import Response
from twilio.rest import Client

from notify.errors import TransientError, twilio_error

TWILIO_API_BASE = "https://api.twilio.com"


class SmsSender(Protocol):
    def send(self, to: str, body: str, status_callback: str | None = None) -> str:
        """Queue an SMS with the provider and return its message sid."""
        ...


class _RebasedHttpClient(TwilioHttpClient):
    """Sends every request to `api_base` instead of the twilio.com host it names.

    The client hard-codes each domain's host; a custom HTTP client is the extension
    point Twilio documents for changing where requests go, so this survives upgrades
    that regenerate the resource classes. The whole scheme and host are swapped, so an
    edge or region the client picked from TWILIO_EDGE/TWILIO_REGION cannot leak through.
    """

    def __init__(self, api_base: str, timeout: float) -> None:
        super().__init__(timeout=timeout)
        self.api_base = urlsplit(api_base.rstrip("/"))

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Response:
        parts = urlsplit(url)
        rebased = parts._replace(
            scheme=self.api_base.scheme,
            netloc=self.api_base.netloc,
            path=self.api_base.path + parts.path,
        )
        return super().request(method, urlunsplit(rebased), *args, **kwargs)


def rest_client(account_sid: str, auth_token: str, api_base: str, timeout: float) -> Client:
    """The official client, sent to `api_base` (TWILIO_API_BASE) when that is not Twilio's own."""
    if api_base.rstrip("/") == TWILIO_API_BASE:
        http_client = TwilioHttpClient(timeout=timeout)
    else:
        http_client = _RebasedHttpClient(api_base, timeout)
    return Client(account_sid, auth_token, http_client=http_client)


class TwilioAccount:
    """One Twilio account and its number, as SMS and calls both use them."""

    def __init__(
        self,
        account_sid: str,
        auth_token: str,
        from_number: str,
        api_base: str = TWILIO_API_BASE,
        timeout: float = 10,
    ) -> None:
        self.from_number = from_number
        self._client = rest_client(account_sid, auth_token, api_base, timeout)


class TwilioSms(TwilioAccount):
    """Sends via Twilio's Messages API (`/2010-04-01/Accounts/{sid}/Messages.json`)."""

    def send(self, to: str, body: str, status_callback: str | None = None) -> str:
        try:
            message = self._client.messages.create(
                to=to,
                from_=self.from_number,
                body=body,
                status_callback=status_callback,
            )
        except (TwilioRestException, TwilioServiceException) as exc:
            raise twilio_error(exc.status, exc.code) from exc
        except requests.Timeout as exc:
            raise TransientError("twilio timeout") from exc
        except requests.ConnectionError as exc:
            raise TransientError("twilio connection failed") from exc
        return str(message.sid)
