"""The JSON bodies Twilio's REST API answers with: a Message resource and an error.

Kept apart from the fake server so the shapes the `twilio` client parses are in one
place to compare with Twilio's documentation.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from http import HTTPStatus

_ERROR_TEXT = {
    20003: "Authenticate",
    20404: "The requested resource was not found",
    20429: "Too Many Requests",
    21201: "No 'To' number is specified",
    21205: "Url parameter is required.",
    21211: "Invalid 'To' Phone Number",
    21408: "Permission to send an SMS has not been enabled for the region",
    21602: "Message body is required.",
    21603: "A 'From' phone number is required.",
    21604: "A 'To' phone number is required.",
    21610: "Attempt to send to unsubscribed recipient",
    21612: "The 'To' phone number is not currently reachable via SMS",
    21614: "'To' number is not a valid mobile number",
    30001: "Queue overflow",
}


@dataclass(frozen=True)
class ReceivedSms:
    """One message the fake accepted, as Twilio would have queued it."""

    sid: str
    account_sid: str
    auth_user: str
    to: str
    from_: str
    body: str
    status_callback: str | None


def error_json(status: int, code: int | None) -> dict:
    """Twilio's error body; the client reads `code` and `message` from it."""
    return {
        "code": code,
        "message": _ERROR_TEXT.get(code or 0, HTTPStatus(status).phrase),
        "more_info": f"https://www.twilio.com/docs/errors/{code}" if code else None,
        "status": status,
    }


def message_json(sms: ReceivedSms) -> dict:
    """The Message resource as Twilio returns it on create, still "queued"."""
    now = format_datetime(datetime.now(UTC))
    uri = f"/2010-04-01/Accounts/{sms.account_sid}/Messages/{sms.sid}"
    # ASCII stands in for the GSM-7 alphabet: close enough for a segment count.
    single, part = (160, 153) if sms.body.isascii() else (70, 67)
    segments = 1 if len(sms.body) <= single else -(-len(sms.body) // part)
    return {
        "account_sid": sms.account_sid,
        "api_version": "2010-04-01",
        "body": sms.body,
        "date_created": now,
        "date_sent": None,
        "date_updated": now,
        "direction": "outbound-api",
        "error_code": None,
        "error_message": None,
        "from": sms.from_,
        "messaging_service_sid": None,
        "num_media": "0",
        "num_segments": str(segments),
        "price": None,
        "price_unit": "USD",
        "sid": sms.sid,
        "status": "queued",
        "subresource_uris": {"media": f"{uri}/Media.json"},
        "to": sms.to,
        "uri": f"{uri}.json",
    }


def basic_auth(header: str) -> tuple[str, str]:
    """(user, password) from an Authorization header; empty strings if unreadable."""
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic":
        return "", ""
    try:
        user, _, password = base64.b64decode(encoded).decode().partition(":")
    except ValueError:
        return "", ""
    return user, password


def call_json(sid: str, account_sid: str, to: str, from_: str) -> dict:
    """The Call resource as Twilio returns it on create, still "queued"."""
    now = format_datetime(datetime.now(UTC))
    uri = f"/2010-04-01/Accounts/{account_sid}/Calls/{sid}"
    return {
        "account_sid": account_sid,
        "answered_by": None,
        "api_version": "2010-04-01",
        "date_created": now,
        "date_updated": now,
        "direction": "outbound-api",
        "duration": None,
        "from": from_,
        "parent_call_sid": None,
        "price": None,
        "price_unit": "USD",
        "sid": sid,
        "status": "queued",
        "to": to,
        "uri": f"{uri}.json",
    }
