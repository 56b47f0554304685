"""The ticket systems' front door: check who is calling, parse, then apply the intake rules.

Every refusal (401, 400, 422; oversized and non-UTF-8 bodies already in core/bodies.py) happens
before anything is written. Every call, accepted or refused, is logged with its delivery id and
the reason, and counted in `webhook_deliveries_total`: never the body or a secret. A refused
call's delivery id is the one its headers claim (unverified, so it is reduced to safe characters
before it reaches the log).
"""

from __future__ import annotations

import json
import logging
import re
from types import ModuleType

from flask import Blueprint, Response, current_app, jsonify, request

from core.access import public
from core.adapters import adapters
from core.extensions import csrf, db, limiter
from core.problems import problem
from survey.intake import freshdesk, generic, jira, metrics, zendesk
from survey.intake.events import Ignored, PayloadError, SignatureError, TicketClosed, TicketEvent
from survey.intake.service import IntakeSettings, handle

log = logging.getLogger(__name__)
bp = Blueprint("webhooks", __name__)
limiter.limit(lambda: current_app.config["WEBHOOK_RATE_LIMIT"])(bp)  # per client address

SYSTEMS: dict[str, tuple[ModuleType, str]] = {
    "tickets": (generic, "WEBHOOK_SECRET"),
    "zendesk": (zendesk, "ZENDESK_WEBHOOK_SECRET"),
    "jira": (jira, "JIRA_WEBHOOK_SECRET"),
    "freshdesk": (freshdesk, "FRESHDESK_WEBHOOK_TOKEN"),
}
# The header each system names its delivery by; Freshdesk has none (its id is derived from the body).
ID_HEADERS = {
    "generic": "webhook-id",
    "zendesk": "X-Zendesk-Webhook-Invocation-Id",
    "jira": "X-Atlassian-Webhook-Identifier",
}
ID_LIMIT = 200  # the id columns' width
UNSAFE = re.compile(r"[^A-Za-z0-9_.:/ -]")


def intake_settings() -> IntakeSettings:
    config = current_app.config
    return IntakeSettings(
        secret_key=config["SECRET_KEY"],
        delay_minutes=config["SURVEY_DELAY_MINUTES"],
        throttle_days=config["SURVEY_THROTTLE_DAYS"],
        expiry_days=config["SURVEY_EXPIRY_DAYS"],
        sms_enabled=current_app.extensions["adapters"].sms is not None,
        channels=config["SURVEY_CHANNELS"],
    )


@bp.post("/webhooks/<system>")
@public
@csrf.exempt
def receive(system: str):
    if system not in SYSTEMS:
        return problem(404, "no such webhook")
    module, secret_name = SYSTEMS[system]
    source = module.SOURCE
    claimed = _loggable(request.headers.get(ID_HEADERS.get(source, ""), "-"))
    secret = current_app.config.get(secret_name)
    if not secret:
        return _refuse(source, claimed, "disabled", 404, f"the {system} webhook is not enabled")
    body = request.get_data()  # measured and checked as UTF-8 already (core/bodies.py)
    now = adapters().clock.now()
    try:
        module.verify(request.headers, body, secret, now)
    except SignatureError as error:
        return _refuse(source, claimed, "signature", 401, "missing or invalid signature", str(error))
    try:
        payload = json.loads(body)
    except (UnicodeDecodeError, ValueError, RecursionError):
        return _refuse(source, claimed, "not_json", 400, "body is not JSON")
    delivery_id = module.delivery_id(request.headers, payload)
    try:
        event = module.parse(payload)
        check_ids(event, delivery_id)
    except PayloadError as error:
        fields = ", ".join(sorted(error.errors))
        return _refuse(source, _loggable(delivery_id), "invalid", 422, "invalid fields", fields, error.errors)
    outcome = handle(
        db.session, source=source, delivery_id=delivery_id, event=event, settings=intake_settings(), now=now
    )
    metrics.count(source, outcome.status)
    log.info(
        "webhook %s delivery=%s %s survey=%s reason=%s",
        source, _loggable(delivery_id), outcome.status, outcome.survey_id, _loggable(outcome.reason or "-"),
    )  # fmt: skip
    return jsonify(outcome.body()), outcome.http_status


def check_ids(event: TicketEvent, delivery_id: str) -> None:
    """Refuse (422) ids we could only store altered: an altered id no longer finds its ticket."""
    ids = {"delivery id": delivery_id}
    if not isinstance(event, Ignored):
        ids["ticket id"] = event.ticket_id
    if isinstance(event, TicketClosed) and event.customer.external_id is not None:
        ids["customer id"] = event.customer.external_id
    errors = {
        name: f"must be at most {ID_LIMIT} characters, without NUL"
        for name, value in ids.items()
        if len(value) > ID_LIMIT or "\x00" in value
    }
    if errors:
        raise PayloadError(errors)


def _refuse(
    source: str,
    delivery: str,
    kind: str,
    status: int,
    detail: str,
    reason: str | None = None,
    errors: dict[str, str] | None = None,
) -> Response:
    metrics.count(source, f"refused_{kind}")
    log.info("webhook %s delivery=%s refused %s: %s", source, delivery, status, reason or detail)
    return problem(status, detail, errors)


def _loggable(text: str) -> str:
    """Sender-chosen text, made safe for a log line: no line breaks or escapes, bounded length."""
    return UNSAFE.sub("?", text[:100]) or "-"
