"""Print how fast the ticket webhook takes deliveries on gunicorn + PostgreSQL, beside a bare endpoint.

Run from the repository root: ``python -m bench.webhook_intake`` (needs `wrk`, Debian package
`wrk`, and PostgreSQL at BENCH_DATABASE_URL, default the test database). Every webhook request is
a distinct ticket of a distinct customer, signed in advance, so each one takes the whole path
(signature, parsing, customer, ticket, survey, two outbox rows, one commit) and answers 202.
`/bare` gets the same bodies on the same gunicorn in the same run: the ratio of the two is what
intake costs. Figures depend on the machine: read them side by side, never against a fixed number.
"""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

from bench.common import (
    CONNECTIONS,
    SECONDS,
    WORKERS,
    Result,
    migrated_schema,
    print_table,
    replay,
    serve,
    write_requests,
)
from tests.support.webhooks import SECRET, signed, ticket_closed

REQUESTS = 40_000  # more than a run can send: a repeated request would be a cheap duplicate
TWILIO = {
    "TWILIO_ACCOUNT_SID": "AC" + "0" * 32,
    "TWILIO_AUTH_TOKEN": "t" * 32,
    "TWILIO_FROM_NUMBER": "+15550009999",
}


def signed_deliveries() -> Iterator[tuple[str, str, dict[str, str]]]:
    now = datetime.now(UTC)
    for n in range(REQUESTS):
        customer = {"id": f"B-{n}", "email": f"bench{n}@example.com", "phone": f"+1555{n:07d}"}
        headers, body = signed(ticket_closed(f"BENCH-{n}", **customer), now, msg_id=f"msg_{uuid.uuid4().hex}")
        yield "/webhooks/tickets", body.decode(), headers


def run() -> list[Result]:
    with migrated_schema(WEBHOOK_SECRET=SECRET, **TWILIO) as env, tempfile.TemporaryDirectory() as tmp:
        requests_file = write_requests(Path(tmp) / "requests.tsv", signed_deliveries())
        with serve(env) as base:
            replay(base, requests_file, path="/bare", seconds=2)  # warm up both routes in every worker
            replay(base, requests_file, seconds=2)
            bare = replay(base, requests_file, path="/bare")
            hook = replay(base, requests_file, offset=REQUESTS // 4)
        with sa.create_engine(env["DATABASE_URL"]).connect() as conn:
            surveys = conn.execute(sa.text("SELECT count(*) FROM surveys")).scalar_one()
    if surveys < hook.sent:
        raise SystemExit(f"{hook.sent} webhooks sent but {surveys} surveys made: not the full path")
    met = hook.rps >= 1000 and hook.p99 < 50 and hook.rps >= 0.25 * bare.rps
    return [
        Result.of("POST /webhooks/tickets (202 path)", hook, bare, ">= 1,000/s, p99 < 50, >= 25% bare", met),
        Result.of("POST /bare (same bodies)", bare, bare),  # the bare endpoint's own percentiles
    ]


def main() -> None:
    print(f"gunicorn sync workers: {WORKERS}, wrk: 1 thread, {CONNECTIONS} connections, {SECONDS} s each")
    print_table(run())


if __name__ == "__main__":
    main()
