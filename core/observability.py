"""One structured log line and one metric sample per request, tied together by a request id.

Lines name the route rule (`/s/<token>`), never the path itself, so survey tokens and other
identifiers in URLs stay out of the logs. Under gunicorn every worker's counts are added up on
/metrics (gunicorn.conf.py).
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid

from flask import Flask, g, request
from prometheus_client import Counter, Histogram

log = logging.getLogger("requests")
SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

REQUESTS = Counter("http_requests_total", "HTTP requests by route and status", ["method", "route", "status"])
LATENCY = Histogram(
    "http_request_duration_seconds",
    "HTTP request latency by route",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5),
)


def register(app: Flask) -> None:
    @app.before_request
    def start() -> None:
        given = request.headers.get("X-Request-ID", "")
        g.request_id = given if SAFE_ID.match(given) else uuid.uuid4().hex
        g.started = time.perf_counter()

    @app.after_request
    def record(response):
        elapsed = time.perf_counter() - g.get("started", time.perf_counter())
        route = request.url_rule.rule if request.url_rule else "unmatched"
        REQUESTS.labels(request.method, route, str(response.status_code)).inc()
        LATENCY.labels(request.method, route).observe(elapsed)
        response.headers["X-Request-ID"] = g.get("request_id", "")
        log.info(
            json.dumps(
                {
                    "event": "request",
                    "request_id": g.get("request_id"),
                    "method": request.method,
                    "route": route,
                    "status": response.status_code,
                    "ms": round(elapsed * 1000, 1),
                }
            )
        )
        return response
