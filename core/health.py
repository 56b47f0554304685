"""Operations routes: is the app alive, is a worker working, how far behind is the outbox.

`/healthz` answers 200 whenever the database does (the contract), 503 saying why when it does not
(timed out, connection refused), and reports the worker's state
alongside, so a probe restarts the web app only for its own faults while an alert can watch the
heartbeat age and the lag. Both are computed from the database, so every web process reports
the same numbers however many workers there are.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime

from flask import Blueprint, Response, jsonify
from prometheus_client import REGISTRY, CollectorRegistry, Gauge, generate_latest, multiprocess
from prometheus_client.core import CounterMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from sqlalchemy import func, select, text
from sqlalchemy.exc import SQLAlchemyError

from core import database
from core.access import public
from core.adapters import adapters
from core.extensions import db, limiter
from notify.models import PENDING, OutboxMessage
from scheduler.models import WorkerHeartbeat

bp = Blueprint("health", __name__)


@dataclass(frozen=True)
class WorkerState:
    last_beat: datetime | None
    oldest_due: datetime | None
    due: int
    now: datetime

    @property
    def beat_age(self) -> float | None:
        return (self.now - self.last_beat).total_seconds() if self.last_beat else None

    @property
    def lag(self) -> float:
        """Seconds the oldest due, unsent message has waited: 0 when the queue is caught up."""
        return (self.now - self.oldest_due).total_seconds() if self.oldest_due else 0.0


def _worker_state(now: datetime) -> WorkerState:
    last_beat = db.session.scalar(select(func.max(WorkerHeartbeat.beat_at)))
    oldest_due, due = db.session.execute(
        select(func.min(OutboxMessage.due_at), func.count()).where(
            OutboxMessage.status == PENDING, OutboxMessage.due_at <= now
        )
    ).one()
    return WorkerState(last_beat, oldest_due, due, now)


@bp.get("/healthz")
@public
@limiter.exempt
def healthz():
    now = adapters().clock.now()
    try:
        db.session.execute(text("SELECT 1"))
        state = _worker_state(now)
    except SQLAlchemyError as error:
        db.session.rollback()
        answer = jsonify(status="error", database="unreachable", reason=database.reason(error))
        return answer, 503, {"Retry-After": str(database.RETRY_AFTER_SECONDS)}
    return jsonify(
        status="ok",
        database="ok",
        worker_heartbeat_at=_iso(state.last_beat),
        worker_heartbeat_age_seconds=state.beat_age,
        outbox_due=state.due,
        outbox_oldest_due_at=_iso(state.oldest_due),
        outbox_lag_seconds=state.lag,
    )


def _iso(value: datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


@bp.get("/metrics")
@public
@limiter.exempt
def metrics():
    state = _worker_state(adapters().clock.now())
    registry = CollectorRegistry()
    by_status = Gauge("outbox_messages", "Outbox messages by status", ["status"], registry=registry)
    for status, count in db.session.execute(
        select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
    ):
        by_status.labels(status).set(count)
    Gauge("outbox_due_messages", "Messages due and not yet sent", registry=registry).set(state.due)
    Gauge("outbox_lag_seconds", "Age of the oldest due, unsent message", registry=registry).set(state.lag)
    age = Gauge(
        "worker_heartbeat_age_seconds", "Seconds since a worker last finished a tick", registry=registry
    )
    age.set(state.beat_age if state.beat_age is not None else float("nan"))
    sums = db.session.execute(
        select(
            func.coalesce(func.sum(WorkerHeartbeat.sent), 0),
            func.coalesce(func.sum(WorkerHeartbeat.retried), 0),
            func.coalesce(func.sum(WorkerHeartbeat.dead), 0),
        )
    ).one()
    deliveries = CounterMetricFamily(
        "outbox_deliveries", "Delivery outcomes recorded by every worker ever run", labels=["outcome"]
    )
    for outcome, value in zip(("sent", "retried", "dead"), sums, strict=True):
        deliveries.add_metric([outcome], value)
    registry.register(_Fixed(deliveries))
    # The processes' counters (requests, webhooks) first, then the database-derived ones.
    return Response(generate_latest(_counted()) + generate_latest(registry), mimetype=CONTENT_TYPE_LATEST)


def _counted() -> CollectorRegistry:
    """Every gunicorn worker's counts added up when they keep them in files (gunicorn.conf.py),
    else this process's own."""
    if "PROMETHEUS_MULTIPROC_DIR" not in os.environ:
        return REGISTRY
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    return registry


class _Fixed:
    """Counters summed from the database, handed to prometheus_client as they are."""

    def __init__(self, family: CounterMetricFamily) -> None:
        self.family = family

    def collect(self):
        return [self.family]
