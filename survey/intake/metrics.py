"""How many ticket webhooks arrived and what became of them, for Prometheus.

A help desk that silently stops signing correctly (a rotated secret, a broken trigger body)
shows up here first as a climb in `refused_*` outcomes long before anyone misses a survey.

The counter lives in prometheus_client's default registry; under gunicorn every worker's
counts are added up on /metrics (gunicorn.conf.py).
"""

from __future__ import annotations

from prometheus_client import REGISTRY, CollectorRegistry, Counter

SOURCES = ("generic", "zendesk", "jira", "freshdesk")
# What the webhook answered: the intake's own outcomes, then each kind of refusal.
OUTCOMES = (
    "scheduled",
    "duplicate",
    "skipped",
    "cancelled",
    "ignored",
    "refused_disabled",
    "refused_signature",
    "refused_not_json",
    "refused_invalid",
)

DELIVERIES = Counter(
    "webhook_deliveries",
    "Ticket webhook deliveries by ticket system and what the endpoint answered",
    ["source", "outcome"],
)
for _source in SOURCES:
    for _outcome in OUTCOMES:
        DELIVERIES.labels(_source, _outcome)  # every series exists from the start, at 0


def count(source: str, outcome: str) -> None:
    DELIVERIES.labels(source, outcome).inc()


def value(source: str, outcome: str, registry: CollectorRegistry = REGISTRY) -> float:
    """The current count, as a scrape would read it (tests compare before and after)."""
    found = registry.get_sample_value("webhook_deliveries_total", {"source": source, "outcome": outcome})
    return found or 0.0
