"""Database trouble answers fast: a proxy of the test's own between gunicorn and PostgreSQL is cut.

Runs in the PostgreSQL pass, on a schema of its own (SQLite has no network to cut). Refused: the
proxy closes everything and refuses new connections. Black-holed: it accepts and holds every
connection but forwards nothing, so no error ever comes back. Either way each request answers
503 with Retry-After within 5 s, /healthz says why, the app recovers by itself, and a webhook
answered 503 was not stored (the sender's retry afterwards is scheduled, not a duplicate).
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest
import requests
from sqlalchemy.engine import make_url

from tests.support.processes import app_env, free_port, gunicorn, wait_for
from tests.support.tcp_proxy import TcpProxy
from tests.support.webhooks import SECRET, signed, ticket_closed

pytestmark = pytest.mark.one_pass("postgres")


def timed(method: str, url: str, **kwargs) -> tuple[requests.Response, float]:
    started = time.monotonic()
    answer = requests.request(method, url, timeout=15, **kwargs)
    return answer, time.monotonic() - started


@pytest.mark.parametrize("cut", ["refuse", "black_hole"])
def test_outage_answers_503_fast_and_the_app_recovers_by_itself(postgres_migrated, tmp_path, cut):
    real = make_url(postgres_migrated)
    port = free_port()
    with TcpProxy(real.host or "127.0.0.1", real.port or 5432) as proxy:
        through_proxy = real.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
        base = f"http://127.0.0.1:{port}"
        env = app_env(DATABASE_URL=through_proxy, PUBLIC_BASE_URL=base, WEBHOOK_SECRET=SECRET)
        with gunicorn(env, port, log_path=tmp_path / "gunicorn.log") as url:
            headers, body = signed(ticket_closed("T-OUT-1"), datetime.now(UTC))
            getattr(proxy, cut)()
            for _ in range(3):
                health, took = timed("GET", url + "/healthz")
                assert (health.status_code, health.headers.get("Retry-After")) == (503, "5")
                assert health.json()["database"] == "unreachable" and took < 5
                why = {"refuse": {"connection refused", "connection lost"}, "black_hole": {"timed out"}}
                assert health.json()["reason"] in why[cut]
                hook, took = timed("POST", url + "/webhooks/tickets", data=body, headers=headers)
                assert (hook.status_code, hook.headers["Content-Type"]) == (503, "application/problem+json")
                assert hook.headers["Retry-After"] == "5" and took < 5
                page, took = timed("GET", url + "/s/some-survey-token")
                assert (page.status_code, page.headers["Retry-After"]) == (503, "5") and took < 5
                assert "try again" in page.text
            proxy.restore()
            wait_for(lambda: requests.get(url + "/healthz", timeout=5).status_code == 200, timeout=20)
            retried = requests.post(url + "/webhooks/tickets", data=body, headers=headers, timeout=15)
            assert (retried.status_code, retried.json()["status"]) == (202, "scheduled")
