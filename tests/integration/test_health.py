"""/healthz and /metrics: the worker's heartbeat age, the outbox's lag and its delivery counts."""

from __future__ import annotations

from datetime import timedelta

from prometheus_client.parser import text_string_to_metric_families

from core.extensions import db
from notify.outbox import enqueue
from scheduler.jobs import tick
from tests.support.webhooks import signed, ticket_closed


def queue_email(app, clock, key: str, due_in: timedelta = timedelta(0)) -> None:
    with app.app_context():
        enqueue(
            db.session,
            kind="survey_invite",
            ref_id=0,
            channel="email",
            recipient="x@example.com",
            due_at=clock.now() + due_in,
            dedupe_key=key,
            now=clock.now(),
        )
        db.session.commit()


def samples(client) -> dict[tuple[str, tuple], float]:
    answer = client.get("/metrics")
    assert answer.status_code == 200 and answer.mimetype == "text/plain"
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(answer.text)
        for sample in family.samples
    }


def test_healthz_reports_heartbeat_age_and_oldest_due_message(app, client, clock):
    before = client.get("/healthz").json
    assert before["status"] == "ok" and before["database"] == "ok"
    assert before["worker_heartbeat_age_seconds"] is None and before["outbox_lag_seconds"] == 0

    tick(app, "worker-1", app.extensions["deliverer_factory"]())
    beat_at = clock.now()
    queue_email(app, clock, "later", due_in=timedelta(hours=1))  # not due: no lag
    clock.advance(seconds=90)
    queue_email(app, clock, "a", due_in=timedelta(seconds=-30))
    queue_email(app, clock, "b")

    health = client.get("/healthz").json
    assert health["worker_heartbeat_at"] == beat_at.isoformat().replace("+00:00", "Z")
    assert health["worker_heartbeat_age_seconds"] == 90
    assert health["outbox_due"] == 2
    assert health["outbox_oldest_due_at"] == "2026-11-23T15:01:00Z"
    assert health["outbox_lag_seconds"] == 30


def test_metrics_count_sent_retried_and_dead_messages_and_the_lag(app, client, clock, smtp, twilio):
    deliverer = app.extensions["deliverer_factory"]()
    twilio.fail_next(503)
    headers, body = signed(ticket_closed("T-1001"), clock.now())
    client.post("/webhooks/tickets", data=body, headers=headers)
    smtp.refuse_recipient("ann@example.com")
    headers, body = signed(
        ticket_closed("T-1002", id="C-18", email="ann@example.com", phone=None), clock.now()
    )
    client.post("/webhooks/tickets", data=body, headers=headers)

    tick(app, "worker-1", deliverer)  # Jane's email sent, her SMS retried, Ann's email dead
    clock.advance(minutes=1)
    tick(app, "worker-1", deliverer)  # Jane's SMS sent
    queue_email(app, clock, "waiting", due_in=timedelta(seconds=-45))

    metrics = samples(client)
    assert metrics[("outbox_deliveries_total", (("outcome", "sent"),))] == 2
    assert metrics[("outbox_deliveries_total", (("outcome", "retried"),))] == 1
    assert metrics[("outbox_deliveries_total", (("outcome", "dead"),))] == 1
    assert metrics[("outbox_messages", (("status", "sent"),))] == 2
    assert metrics[("outbox_messages", (("status", "dead"),))] == 1
    assert metrics[("outbox_due_messages", ())] == 1
    assert metrics[("outbox_lag_seconds", ())] == 45
    assert metrics[("worker_heartbeat_age_seconds", ())] == 0


def test_delivery_counts_survive_a_worker_restart_with_the_same_name(app, client, clock, smtp):
    for ticket, email in (("T-1", "a@example.com"), ("T-2", "b@example.com")):
        headers, body = signed(ticket_closed(ticket, id=ticket, email=email, phone=None), clock.now())
        client.post("/webhooks/tickets", data=body, headers=headers)
        tick(app, "host:42", app.extensions["deliverer_factory"]())  # a fresh process each time

    assert samples(client)[("outbox_deliveries_total", (("outcome", "sent"),))] == 2
