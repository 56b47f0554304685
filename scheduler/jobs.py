"""The worker's timed work, as plain functions a test can call directly with a fixed clock.

The APScheduler runner (scheduler/worker.py) only decides when a tick runs; every due time,
lease and counter is in the database, so a tick can run in any worker, be repeated, or be cut
short without harm. Each step commits on its own and a failing step is logged and skipped, so
a bug in planning reminders never stops messages going out, nor the other way round.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import timedelta

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.extensions import db
from followup import dashboard_snapshots, digest, reminders, rollup_refresh, spot_checks, touch_ranking
from followup.business_hours import parse_business_hours
from followup.retention import redact_expired
from followup.users import find_by_email
from notify.delivery import Deliverer
from scheduler.models import WorkerHeartbeat
from survey.reminders import expire_surveys, queue_reminders
from survey.taps import settle_taps

log = logging.getLogger(__name__)
RETENTION_EVERY_SECONDS = 3600  # the limits are in days: an hourly pass per worker is plenty


def deliver(
    app: Flask,
    deliverer: Deliverer,
    worker: str = "",
    stop: threading.Event | None = None,
    budget_seconds: float | None = None,
) -> bool:
    """Send what is due, batch after batch, until drained, stopped, or the time budget is spent;
    True if it stopped on the budget with more possibly due.

    The budget keeps planning and the heartbeat from starving behind a long queue: the tick
    does them, then comes back here (see `tick`). The session is the worker's own, kept across
    a batch's commits (see Deliverer.run).
    """
    config, clock = app.config, app.extensions["adapters"].clock
    deadline = None if budget_seconds is None else time.monotonic() + budget_seconds
    with Session(db.engine, expire_on_commit=False) as session:
        while not (stop is not None and stop.is_set()):
            claimed = deliverer.run(
                session, clock, config["OUTBOX_BATCH_SIZE"], config["OUTBOX_LEASE_SECONDS"], worker, stop
            )
            if claimed < config["OUTBOX_BATCH_SIZE"]:
                return False
            if deadline is not None and time.monotonic() > deadline:
                return True
    return False


def plan_surveys(app: Flask) -> None:
    """The customer's side: one-tap ratings whose window passed, one reminder to whoever has not
    answered, and closing old surveys."""
    now = app.extensions["adapters"].clock.now()
    window = timedelta(seconds=app.config["SURVEY_TAP_WINDOW_SECONDS"])
    settle_taps(db.session, now, window, app.config["ASSESSMENT_THRESHOLD"])
    queue_reminders(db.session, now, app.config["SURVEY_REMINDER_HOURS"])
    expire_surveys(db.session, now)
    db.session.commit()


def plan_followups(app: Flask) -> None:
    """The manager's side: call-back reminders that fell due, late first calls, escalation notices."""
    config, adapters = app.config, app.extensions["adapters"]
    now, sms_enabled = adapters.clock.now(), adapters.sms is not None
    hours, default_tz = parse_business_hours(config["BUSINESS_HOURS"]), config["DEFAULT_TIMEZONE"]
    reminders.queue_callback_reminders(db.session, now, hours, default_tz, sms_enabled)
    reminders.escalate_late_first_calls(db.session, now, config["FOLLOWUP_FIRST_CALL_HOURS"])
    contact = find_by_email(db.session, config["ESCALATION_EMAIL"]) if config["ESCALATION_EMAIL"] else None
    reminders.queue_escalation_notices(db.session, now, contact, hours, default_tz, sms_enabled)
    digest.queue_digests(
        db.session, now, config["TOUCH_DIGEST"], config["TOUCH_DIGEST_DAY"], hours, default_tz, sms_enabled
    )
    db.session.commit()


def draw_spot_checks(app: Flask) -> None:
    """Last week's sample of answers read as fine, for a manager to read (once per week)."""
    config, adapters = app.config, app.extensions["adapters"]
    tz, percent = config["DEFAULT_TIMEZONE"], config["SPOT_CHECK_PERCENT"]
    spot_checks.draw_week(db.session, adapters.clock.now(), tz, percent, adapters.rng)
    db.session.commit()


def roll_up(app: Flask) -> None:
    """The dashboard's hourly survey rollups: new whole hours, and old ones an answer changed."""
    rollup_refresh.refresh(db.session, app.extensions["adapters"].clock.now())
    db.session.commit()


def count_dashboards(app: Flask) -> None:
    """The large team's dashboard periods managers keep opening (followup/dashboard_snapshots.py)."""
    dashboard_snapshots.refresh(db.session, app.extensions["adapters"].clock.now())


def rank_touch_list(app: Flask) -> None:
    """The touch list's ranking, when the last one is an hour old (followup/touch_ranking.py)."""
    now = app.extensions["adapters"].clock.now()
    touch_ranking.rank_if_due(db.session, now, app.config["TOUCH_DAYS"])
    db.session.commit()


def apply_retention(app: Flask) -> dict[str, int]:
    """Blank free text and addresses older than RETENTION_DAYS / OUTBOX_KEEP_DAYS; log the counts."""
    config, now = app.config, app.extensions["adapters"].clock.now()
    counts = redact_expired(db.session, now, config["RETENTION_DAYS"], config["OUTBOX_KEEP_DAYS"])
    db.session.commit()
    log.info("retention: redacted %s", ", ".join(f"{count} {what}" for what, count in counts.items()))
    return counts


def _retention_due(app: Flask) -> None:
    """Retention once an hour in each worker process (the first tick included), not every tick."""
    last = app.extensions.get("retention_ran_at")
    if last is None or time.monotonic() - last >= RETENTION_EVERY_SECONDS:
        app.extensions["retention_ran_at"] = time.monotonic()
        apply_retention(app)


def heartbeat(app: Flask, name: str, deliverer: Deliverer) -> None:
    """Record that this worker is alive and add what it delivered since the last beat.

    Adding deltas (not overwriting totals) keeps the sums in /metrics from going backwards when
    a restarted worker reuses a process id and so a heartbeat row.
    """
    now = app.extensions["adapters"].clock.now()
    beat = db.session.scalar(select(WorkerHeartbeat).where(WorkerHeartbeat.name == name))
    if beat is None:
        beat = WorkerHeartbeat(name=name, sent=0, retried=0, dead=0)
        db.session.add(beat)
    counts = deliverer.take_counters()
    beat.beat_at = now
    beat.sent += counts["sent"]
    beat.retried += counts["retried"]
    beat.dead += counts["dead"]
    db.session.commit()


def tick(
    app: Flask,
    name: str,
    deliverer: Deliverer,
    stop: threading.Event | None = None,
    budget: float | None = None,
) -> None:
    """Everything a worker does each interval, in the order data flows.

    When delivery ran out of its budget with more due, the tick starts over at once instead
    of idling until the next interval: a backlog is sent at full speed, and planning and the
    heartbeat still run every `budget` seconds.
    """
    with app.app_context():
        while _one_pass(app, name, deliverer, stop, budget):
            pass
        db.session.remove()


def _one_pass(
    app: Flask, name: str, deliverer: Deliverer, stop: threading.Event | None, budget: float | None
) -> bool:
    """Plan, deliver, beat once; True if delivery stopped on its budget with more due."""
    steps: list[tuple[str, Callable[[], object]]] = [
        ("plan surveys", lambda: plan_surveys(app)),
        ("plan follow-ups", lambda: plan_followups(app)),
        ("spot checks", lambda: draw_spot_checks(app)),
        ("roll up", lambda: roll_up(app)),
        ("rank touch list", lambda: rank_touch_list(app)),
        ("count dashboards", lambda: count_dashboards(app)),
        ("retention", lambda: _retention_due(app)),
        ("deliver", lambda: deliver(app, deliverer, name, stop, budget)),
        ("heartbeat", lambda: heartbeat(app, name, deliverer)),
    ]
    more_due = False
    for label, step in steps:
        if stop is not None and stop.is_set() and label != "heartbeat":
            continue
        try:
            result = step()
        except Exception:
            db.session.rollback()
            log.exception("worker %s: %s failed; trying again next tick", name, label)
            continue
        more_due = more_due or (label == "deliver" and bool(result))
    return more_due and not (stop is not None and stop.is_set())
