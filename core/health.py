"""Operations routes: is the app alive, is the worker working, how deep is the outbox."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify
from prometheus_client import REGISTRY, CollectorRegistry, Gauge, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from sqlalchemy import func, select, text
from sqlalchemy.exc import SQLAlchemyError

from core.adapters import adapters
from core.extensions import db, limiter
from notify.models import PENDING, OutboxMessage
from scheduler.models import WorkerHeartbeat

bp = Blueprint("health", __name__)


def _worker_state(now):
    last_beat = db.session.scalar(select(func.max(WorkerHeartbeat.beat_at)))
    oldest_due = db.session.scalar(
        select(func.min(OutboxMessage.due_at)).where(
            OutboxMessage.status == PENDING, OutboxMessage.due_at <= now
        )
    )
    beat_age = (now - last_beat).total_seconds() if last_beat else None
    lag = (now - oldest_due).total_seconds() if oldest_due else 0.0
    return beat_age, lag


@bp.get("/healthz")
@limiter.exempt
def healthz():
    now = adapters().clock.now()
    try:
        db.session.execute(text("SELECT 1"))
        beat_age, lag = _worker_state(now)
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="ok", worker_heartbeat_age_seconds=beat_age, outbox_lag_seconds=lag)


@bp.get("/metrics")
@limiter.exempt
def metrics():
    now = adapters().clock.now()
    registry = CollectorRegistry()
    by_status = Gauge("outbox_messages", "Outbox messages by status", ["status"], registry=registry)
    for status, count in db.session.execute(
        select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
    ):
        by_status.labels(status).set(count)
    beat_age, lag = _worker_state(now)
    Gauge("outbox_lag_seconds", "Age of the oldest due, unsent message", registry=registry).set(lag)
    age = Gauge(
        "worker_heartbeat_age_seconds", "Seconds since a worker last finished a tick", registry=registry
    )
    age.set(beat_age if beat_age is not None else float("nan"))
    worker = Gauge(
        "worker_deliveries", "Deliveries by outcome, summed over live workers", ["outcome"], registry=registry
    )
    sums = db.session.execute(
        select(
            func.sum(WorkerHeartbeat.sent), func.sum(WorkerHeartbeat.retried), func.sum(WorkerHeartbeat.dead)
        )
    ).one()
    for outcome, value in zip(("sent", "retried", "dead"), sums, strict=True):
        worker.labels(outcome).set(value or 0)
    # Process-wide counters (requests, webhooks) first, then the database-derived gauges.
    return Response(generate_latest(REGISTRY) + generate_latest(registry), mimetype=CONTENT_TYPE_LATEST)
