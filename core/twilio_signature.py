"""Refusing any request to a Twilio webhook that Twilio did not sign.

Twilio signs each webhook with the account's auth token over the URL it called and the form
fields (`X-Twilio-Signature`); the URL is rebuilt from PUBLIC_BASE_URL because behind a proxy
the request's own host is not the one Twilio used. `RequestValidator` compares in constant time.
"""

from __future__ import annotations

import logging

from flask import Response, current_app, request
from twilio.request_validator import RequestValidator

from core.problems import problem

log = logging.getLogger(__name__)


def twilio_refusal() -> Response | None:
    """A 404 while Twilio is not configured, a 403 for a bad signature, else None (go ahead)."""
    token = current_app.config.get("TWILIO_AUTH_TOKEN")
    if not token:
        return problem(404, "the Twilio webhooks are not enabled (TWILIO_AUTH_TOKEN is unset)")
    url = current_app.config["PUBLIC_BASE_URL"] + request.full_path.rstrip("?")
    if not RequestValidator(token).validate(url, request.form, request.headers.get("X-Twilio-Signature", "")):
        log.info("twilio webhook %s refused: bad signature", request.path)
        return problem(403, "missing or invalid X-Twilio-Signature")
    return None
