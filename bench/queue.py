"""Print how fast the manager's follow-up queue answers with 100,000 tasks, beside a bare endpoint.

Run from the repository root: ``python -m bench.queue`` (needs `wrk` and PostgreSQL, see
bench/common.py). It seeds 100,000 unhappy answers, each with its customer, ticket, survey,
assessment, follow-up task and call attempts (10,000 tasks open, the rest reached), by COPY in one
transaction, then ANALYZEs as autovacuum would. It logs a manager in through the real /login form
and measures the queue page, the JSON API and one task page. Target (issue 7.2): p95 under 50 ms.
wrk keeps one connection per gunicorn worker here, so the percentiles are each request's own time,
not time spent waiting in the listen backlog behind other requests. The plan of the queue query is
printed to show it walks ix_followup_tasks_queue instead of sorting 100,000 rows.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from bench.common import WORKERS, Result, copy_rows, migrated_schema, print_table, require_ok, serve, wrk
from bench.survey_page import seed_surveys
from followup.queue import list_tasks
from tests.support.journeys import log_in
from tests.support.processes import flask

TASKS, EVERY_NTH_OPEN = 100_000, 10
P95_TARGET_MS = 50.0
MANAGER, PASSWORD = "manager@example.com", "bench-password-1"


def seed(conn: sa.Connection, secret_key: str, manager_id: int) -> None:
    seed_surveys(conn, TASKS, secret_key)
    now = datetime.now(UTC)
    ids = range(1, TASKS + 1)
    copy_rows(
        conn,
        "responses",
        "id, survey_id, rating, comment, channel, created_at, updated_at",
        ((i, i, 2, f"Still broken, call {i % 4 + 2} about it.", "web", now, now) for i in ids),
    )
    copy_rows(
        conn,
        "assessments",
        "id, response_id, unhappy, unhappiness, polarity, reasons, assessed_at",
        ((i, i, True, 0.8, -0.4, '["low rating", "repeat contact"]', now) for i in ids),
    )
    columns = (
        "id, customer_id, response_id, status, assignee_id, opened_at, closed_at, next_attempt_at, "
        "first_call_deadline, failed_attempts, escalated, contact_flagged, escalation_notified"
    )
    copy_rows(conn, "followup_tasks", columns, (_task(i, now, manager_id) for i in ids))
    attempts = enumerate(_attempts(), 1)
    copy_rows(
        conn,
        "call_attempts",
        "id, task_id, user_id, outcome, note, created_at",
        ((n, task, manager_id, outcome, note, now) for n, (task, outcome, note) in attempts),
    )
    copy_rows(
        conn,
        "task_events",
        "id, task_id, kind, detail, created_at",
        ((i, i, "opened", "unhappy answer: rating 2", now) for i in ids),
    )
    # This schema's tables one by one: a bare ANALYZE walks every schema of the database, other
    # runs' included, and can deadlock with their TRUNCATEs.
    tables = conn.scalars(sa.text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"))
    for table in tables.all():
        conn.execute(sa.text(f'ANALYZE "{table}"'))


def _is_open(i: int) -> bool:
    return i % EVERY_NTH_OPEN == 0


def _task(i: int, now: datetime, manager_id: int) -> tuple:
    """Open tasks spread from overdue to next week; closed ones were reached at some point before now."""
    opened = now - timedelta(days=30)
    if _is_open(i):
        due = now + timedelta(minutes=i // EVERY_NTH_OPEN - 2_000)
        return (
            i,
            i,
            i,
            "open",
            manager_id,
            opened,
            None,
            due,
            opened + timedelta(hours=4),
            i % 3,
            False,
            False,
            False,
        )
    closed = now - timedelta(seconds=i)
    return (
        i,
        i,
        i,
        "closed",
        manager_id,
        opened,
        closed,
        None,
        opened + timedelta(hours=4),
        0,
        False,
        False,
        False,
    )


def _attempts():
    """Closed tasks: the call that reached the customer; open ones: their unanswered calls so far."""
    for i in range(1, TASKS + 1):
        if _is_open(i):
            yield from ((i, "no_answer", "") for _ in range(i % 3))
        else:
            yield i, "reached", "Spoke to them, sorted."


def explain(url: str) -> list[str]:
    """The plan of exactly the SQL the queue runs, captured from `list_tasks` itself."""
    engine = sa.create_engine(url)
    seen: list[tuple[str, dict]] = []
    sa.event.listen(engine, "before_cursor_execute", lambda *args: seen.append((args[2], args[3])))
    with Session(engine) as session:
        list_tasks(session, status="open")
    with engine.connect() as conn:
        plan = [row[0] for row in conn.exec_driver_sql("EXPLAIN " + seen[0][0], seen[0][1])]
    engine.dispose()
    return plan


def run() -> list[Result]:
    with migrated_schema() as env:
        flask(env, "users", "create", MANAGER, "--name", "Bench Manager", "--password-stdin", stdin=PASSWORD)
        api = {"Authorization": f"Bearer {flask(env, 'users', 'token', MANAGER).stdout.strip()}"}
        engine, started = sa.create_engine(env["DATABASE_URL"]), time.perf_counter()
        with engine.begin() as conn:
            seed(conn, env["SECRET_KEY"], conn.execute(sa.text("SELECT id FROM users")).scalar_one())
        engine.dispose()
        seconds = time.perf_counter() - started
        print(f"seeded {TASKS:,} tasks ({TASKS // EVERY_NTH_OPEN:,} open) with their rows in {seconds:.1f} s")
        plan = explain(env["DATABASE_URL"])
        with serve(env) as base:
            browser = log_in(base, MANAGER, PASSWORD)
            # Flask-Login's "strong" session protection drops a session presented by another user agent.
            page = {
                "Cookie": f"session={browser.cookies['session']}",
                "User-Agent": browser.headers["User-Agent"],
            }
            endpoints = {
                "GET /followups (HTML queue)": ("/followups", page),
                "GET /api/followups (JSON)": ("/api/followups", api),
                "GET /followups/<id> (task page)": (f"/followups/{EVERY_NTH_OPEN}", page),
            }
            for path, headers in endpoints.values():
                require_ok(base + path, headers)
                wrk(base, path, seconds=2, headers=headers, connections=WORKERS)  # warm up every worker
            bare = wrk(base, connections=WORKERS)
            loads = {
                name: wrk(base, path, headers=headers, connections=WORKERS)
                for name, (path, headers) in endpoints.items()
            }
    print("EXPLAIN of the open queue's first page:", *plan, sep="\n  ")
    indexed = any("ix_followup_tasks_queue" in row for row in plan)
    print("uses ix_followup_tasks_queue:", "yes" if indexed else "NO")
    target = f"p95 < {P95_TARGET_MS:.0f} ms"
    return [Result.of(name, load, bare, target, load.p95 < P95_TARGET_MS) for name, load in loads.items()]


def main() -> None:
    print_table(run())


if __name__ == "__main__":
    main()
