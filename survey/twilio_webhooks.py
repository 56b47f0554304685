"""What Twilio tells us: customers' SMS replies, and what became of each SMS we sent.

Both endpoints answer only requests signed with our Twilio auth token (X-Twilio-Signature over
PUBLIC_BASE_URL + path and the form fields), because anyone can POST a "reply" that would
otherwise rate a stranger's survey or opt them out. Twilio's own STOP filtering already stops
its messages to that number and confirms to the customer; we record the opt-out so no other
channel keeps surveying someone who said stop.
"""

from __future__ import annotations

import logging
from datetime import datetime

from flask import Blueprint, Response, current_app, request
from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.orm import Session
from twilio.twiml.messaging_response import MessagingResponse

from core.access import public
from core.adapters import adapters
from core.conflicts import commit_once
from core.extensions import csrf, db, limiter
from core.twilio_signature import twilio_refusal
from notify.errors import twilio_error
from notify.models import OutboxMessage
from survey import brand, twilio_receipts
from survey.i18n import customer_locale
from survey.intake.contact import normalize_phone
from survey.models import Customer, InboundSms, Survey
from survey.responses import record_answer
from survey.sms_replies import Reply, parse_reply

log = logging.getLogger(__name__)
bp = Blueprint("twilio_webhooks", __name__)
limiter.limit(lambda: current_app.config["WEBHOOK_RATE_LIMIT"])(bp)  # per client address

# Twilio may report a message's statuses out of order; a later report never moves it back.
STATUS_ORDER = {
    "accepted": 0,
    "queued": 1,
    "sending": 2,
    "sent": 3,
    "delivered": 4,
    "undelivered": 4,
    "failed": 4,
    "read": 5,
}


def _twiml(text: str | None) -> Response:
    answer = MessagingResponse()
    if text:
        answer.message(text)
    return Response(str(answer), mimetype="text/xml")


@bp.post("/webhooks/twilio/sms")
@public
@csrf.exempt
def inbound_sms():
    refusal = twilio_refusal()
    if refusal is not None:
        return refusal
    now, sid = adapters().clock.now(), request.form.get("MessageSid", "")
    text = commit_once(
        db.session, lambda: twilio_receipts.once(db.session, sid, twilio_receipts.INBOUND, now, _apply_sms)
    )
    return _twiml(text)


def _apply_sms() -> str | None:
    phone = normalize_phone(request.form.get("From"))
    # A text from a number another part of the app owns (a user's phone: followup's commands,
    # wired in create_app) is theirs, not a customer's answer; survey never imports them.
    for claim in current_app.extensions.get("inbound_sms_claims", ()):
        claimed = claim(db.session, phone, request.form.get("Body", ""), adapters().clock.now())
        if claimed is not None:
            return claimed
    customers = db.session.scalars(select(Customer).where(Customer.phone == phone)).all() if phone else []
    reply = parse_reply(request.form.get("Body", ""))
    with customer_locale(customers[0].language if customers else None):
        text = handle_reply(
            db.session,
            customers,
            reply,
            adapters().clock.now(),
            sender=request.form.get("From", ""),
            raw=request.form.get("Body", ""),
        )
    # Every text to a customer starts with who is asking, so it never reads like a stranger's.
    return f"{brand.for_request().name}: {text}" if text else None


def handle_reply(
    session: Session, customers: list[Customer], reply: Reply, now: datetime, sender: str = "", raw: str = ""
) -> str | None:
    """Apply one SMS from a number to every customer file with that number; the text to answer with."""
    ids = [customer.id for customer in customers]
    if reply.kind in ("stop", "start"):
        for customer in customers:
            customer.opted_out_at = (customer.opted_out_at or now) if reply.kind == "stop" else None
        log.info("sms %s from customers %s", reply.kind, ids)
        return None  # Twilio itself confirms STOP and START to the customer
    help_text = gettext(
        "Reply with a rating from 1 (very poor) to 5 (excellent) and any comment about "
        "your last support request. Reply STOP to stop these surveys."
    )
    if reply.kind in ("help", "empty"):
        return help_text
    survey = (
        session.scalar(
            select(Survey)
            .where(
                Survey.customer_id.in_(ids), Survey.status.in_(("sent", "answered")), Survey.expires_at > now
            )
            .order_by(Survey.created_at.desc(), Survey.id.desc())
            .limit(1)
        )
        if ids
        else None
    )
    if survey is None:
        for customer_id in ids or [None]:
            session.add(
                InboundSms(customer_id=customer_id, from_number=sender[:20], body=raw[:5000], received_at=now)
            )
        log.info("sms from customers %s with no open survey: kept for the customer file", ids or "unknown")
        return gettext(
            "Thanks for your message. We have no open survey for this number; your message "
            "is passed on to our support team."
        )
    earlier = survey.response
    rating = reply.rating if reply.rating is not None or earlier is None else earlier.rating
    comment = "\n".join(part for part in (earlier.comment if earlier else "", reply.comment) if part)
    response = record_answer(
        session, survey, rating=rating, comment=comment, channel="sms", now=now,
        threshold=current_app.config["ASSESSMENT_THRESHOLD"],
    )  # fmt: skip
    text = gettext("Thank you! We have your answer about %(subject)s.", subject=survey.ticket.subject)
    if response.assessment is not None and response.assessment.unhappy:
        text += " " + gettext("A manager will get in touch with you personally.")
    return text


@bp.post("/webhooks/twilio/status")
@public
@csrf.exempt
def delivery_status():
    refusal = twilio_refusal()
    if refusal is not None:
        return refusal
    sid, status = request.form.get("MessageSid", ""), request.form.get("MessageStatus", "").lower()
    now = adapters().clock.now()
    commit_once(
        db.session,
        lambda: twilio_receipts.once(
            db.session, sid, status or "unknown", now, lambda: _apply_status(sid, status)
        ),
    )
    return "", 204


def _apply_status(sid: str, status: str) -> None:
    found = select(OutboxMessage).where(OutboxMessage.provider_id == sid)
    message = db.session.scalar(found) if sid else None
    if message is None:
        log.info("twilio status %s for unknown message", status)
        return
    if STATUS_ORDER.get(status, 0) >= STATUS_ORDER.get(message.provider_status or "", 0):
        message.provider_status = status[:30]
    if status in ("undelivered", "failed"):
        code = request.form.get("ErrorCode", type=int)
        message.last_error = twilio_error(None, code).reason if code else f"twilio {status}"
        log.warning("outbox %s %s at the carrier: %s", message.id, status, message.last_error)
        kind = current_app.extensions["deliverer_factory"]().registry.kinds.get(message.kind)
        if code and twilio_error(None, code).opt_out and kind is not None and kind.on_opt_out is not None:
            kind.on_opt_out(db.session, message, adapters().clock.now())
