"""The ticket systems' front door: check who is calling, parse, then apply the intake rules.

Every refusal (401, 400, 413, 422) happens before anything is written, and is logged with the
delivery id and the reason only: never the body or a secret.
"""

from __future__ import annotations

import json
import logging
from types import ModuleType

from flask import Blueprint, current_app, jsonify, request
from werkzeug.exceptions import RequestEntityTooLarge

from core.adapters import adapters
from core.extensions import csrf, db
from core.problems import problem
from survey.intake import freshdesk, generic, jira, zendesk
from survey.intake.events import PayloadError, SignatureError
from survey.intake.service import IntakeSettings, handle

log = logging.getLogger(__name__)
bp = Blueprint("webhooks", __name__)

SYSTEMS: dict[str, tuple[ModuleType, str]] = {
    "tickets": (generic, "WEBHOOK_SECRET"),
    "zendesk": (zendesk, "ZENDESK_WEBHOOK_SECRET"),
    "jira": (jira, "JIRA_WEBHOOK_SECRET"),
    "freshdesk": (freshdesk, "FRESHDESK_WEBHOOK_TOKEN"),
}


def intake_settings() -> IntakeSettings:
    config = current_app.config
    return IntakeSettings(
        secret_key=config["SECRET_KEY"],
        delay_minutes=config["SURVEY_DELAY_MINUTES"],
        throttle_days=config["SURVEY_THROTTLE_DAYS"],
        expiry_days=config["SURVEY_EXPIRY_DAYS"],
        sms_enabled=current_app.extensions["adapters"].sms is not None,
    )


@bp.post("/webhooks/<system>")
@csrf.exempt
def receive(system: str):
    if system not in SYSTEMS:
        return problem(404, "no such webhook")
    module, secret_name = SYSTEMS[system]
    secret = current_app.config.get(secret_name)
    if not secret:
        return problem(404, f"the {system} webhook is not enabled ({secret_name} is unset)")
    try:
        body = request.get_data(cache=False)
    except RequestEntityTooLarge:
        log.info("webhook %s refused: body too large", system)
        return problem(413, "body over 256 KiB")
    now = adapters().clock.now()
    try:
        module.verify(request.headers, body, secret, now)
    except SignatureError as error:
        log.info("webhook %s refused: signature (%s)", system, error)
        return problem(401, "missing or invalid signature")
    try:
        payload = json.loads(body)
    except (UnicodeDecodeError, ValueError):
        log.info("webhook %s refused: not JSON", system)
        return problem(400, "body is not JSON")
    try:
        event = module.parse(payload)
        delivery_id = module.delivery_id(request.headers, payload)
    except PayloadError as error:
        log.info("webhook %s refused: invalid fields %s", system, sorted(error.errors))
        return problem(422, "invalid fields", errors=error.errors)
    outcome = handle(
        db.session,
        source=module.SOURCE,
        delivery_id=delivery_id,
        event=event,
        settings=intake_settings(),
        now=now,
    )
    return jsonify(outcome.body()), outcome.http_status
