"""Twilio's side of a call placed through the app: TwiML, answering machine detection, the end.

Every route checks X-Twilio-Signature before reading anything (403, nothing recorded) and
names its call by the unguessable token in the URL the app gave Twilio. Twilio retries a
webhook that failed or timed out; the handlers only move a call forward, so a retry or a
replayed request changes nothing.
"""

from __future__ import annotations

import logging

from flask import Blueprint, Response, abort, current_app, request

from core.access import public
from core.adapters import adapters
from core.extensions import csrf, db, limiter
from core.twilio_signature import twilio_refusal
from followup.voice_calls import (
    VoiceCall,
    answered,
    call_status,
    dial_ended,
    find_call,
    machine_detected,
    voice_settings,
)

log = logging.getLogger(__name__)
bp = Blueprint("voice_webhooks", __name__, url_prefix="/webhooks/twilio/voice")
csrf.exempt(bp)  # signed by Twilio, no cookies
limiter.limit(lambda: current_app.config["WEBHOOK_RATE_LIMIT"])(bp)


@bp.before_request
def signed_by_twilio():
    return twilio_refusal()


def _call(token: str) -> VoiceCall:
    call = find_call(db.session, token)
    if call is None:
        abort(404)
    return call


def _twiml(xml: str) -> Response:
    return Response(xml, mimetype="text/xml")


@bp.post("/<token>/answer")
@public  # signed by Twilio (checked for the whole blueprint above)
def answer(token: str):
    call = _call(token)
    xml = answered(call, request.form.get("CallSid", ""), voice_settings(current_app.config))
    db.session.commit()
    return _twiml(xml)


@bp.post("/<token>/amd")
@public  # signed by Twilio (checked for the whole blueprint above)
def amd(token: str):
    call = _call(token)
    if machine_detected(
        call, request.form.get("CallSid", ""), request.form.get("AnsweredBy", ""), adapters().clock.now()
    ):
        log.info("call %s answered by %s", call.id, call.answered_by)
    db.session.commit()
    return "", 204


@bp.post("/<token>/dial")
@public  # signed by Twilio (checked for the whole blueprint above)
def dial(token: str):
    call = _call(token)
    form = {
        name: request.form.get(name, "")
        for name in ("DialCallStatus", "DialCallDuration", "DialCallSid", "AnsweredBy")
    }
    xml = dial_ended(db.session, call, form, voice_settings(current_app.config), adapters().clock.now())
    db.session.commit()
    return _twiml(xml)


@bp.post("/<token>/status")
@public  # signed by Twilio (checked for the whole blueprint above)
def status(token: str):
    call = _call(token)
    call_status(call, request.form.get("CallStatus", ""), adapters().clock.now())
    db.session.commit()
    return "", 204
