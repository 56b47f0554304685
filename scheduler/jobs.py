"""One tick of each kind of timed work, as plain functions a test can call directly.

The APScheduler runner (scheduler/worker.py) only decides when these run; all state is in the
database, so a tick can run in any worker, be repeated, or be interrupted without harm.
"""

from __future__ import annotations

import logging

from flask import Flask
from sqlalchemy import select

from core.extensions import db
from followup import reminders
from followup.business_hours import parse_business_hours
from followup.users import find_by_email
from notify.delivery import Deliverer
from scheduler.models import WorkerHeartbeat
from survey.reminders import expire_surveys, queue_reminders

log = logging.getLogger(__name__)


def deliver(app: Flask, deliverer: Deliverer, max_batches: int = 20) -> int:
    """Send what is due, batch after batch, until the queue is drained or the tick is used up."""
    config, clock = app.config, app.extensions["adapters"].clock
    total = 0
    for _ in range(max_batches):
        claimed = deliverer.run(
            db.session, clock.now(), config["OUTBOX_BATCH_SIZE"], config["OUTBOX_LEASE_SECONDS"]
        )
        total += claimed
        if claimed < config["OUTBOX_BATCH_SIZE"]:
            break
    return total


def plan(app: Flask) -> None:
    """Turn due times into outbox rows: survey reminders, expiries, call-backs, escalations."""
    config, adapters = app.config, app.extensions["adapters"]
    now = adapters.clock.now()
    sms_enabled = adapters.sms is not None
    queue_reminders(db.session, now, config["SURVEY_REMINDER_HOURS"])
    expire_surveys(db.session, now)
    reminders.queue_callback_reminders(
        db.session, now, parse_business_hours(config["BUSINESS_HOURS"]), config["DEFAULT_TIMEZONE"], sms_enabled
    )
    reminders.escalate_late_first_calls(db.session, now, config["FOLLOWUP_FIRST_CALL_HOURS"])
    contact = find_by_email(db.session, config["ESCALATION_EMAIL"]) if config["ESCALATION_EMAIL"] else None
    reminders.queue_escalation_notices(db.session, now, contact, sms_enabled)
    db.session.commit()


def heartbeat(app: Flask, name: str, deliverer: Deliverer) -> None:
    now = app.extensions["adapters"].clock.now()
    beat = db.session.scalar(select(WorkerHeartbeat).where(WorkerHeartbeat.name == name))
    if beat is None:
        beat = WorkerHeartbeat(name=name)
        db.session.add(beat)
    beat.beat_at = now
    beat.sent, beat.retried, beat.dead = (deliverer.counters[k] for k in ("sent", "retried", "dead"))
    db.session.commit()


def tick(app: Flask, name: str, deliverer: Deliverer) -> None:
    """Everything a worker does each interval, in the order data flows."""
    with app.app_context():
        try:
            plan(app)
            deliver(app, deliverer)
            heartbeat(app, name, deliverer)
        except Exception:
            db.session.rollback()
            log.exception("worker %s tick failed; will try again next interval", name)
            raise
        finally:
            db.session.remove()
