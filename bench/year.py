"""Print how fast the manager's pages, the exports and a worker tick are after a year of a large team.

Run from the repository root: ``python -m bench.year [--tasks N]`` (default 1,000,000; needs `wrk`
and PostgreSQL, see bench/common.py). It seeds a year: N unhappy answers, each with its follow-up
task (10% open), call attempts and audit event, half as many answers again that opened no task
or were never given, for N/2 customers and 40 ticket agents; tasks are spread over 20 assignees.
The rows are made by PostgreSQL itself (INSERT ... SELECT over generate_series, bench/year_seed.py),
and the schema is kept (`bench_year_<N>`), so the next run with the same N skips the minutes of
seeding; `--fresh` seeds again. Then the worker's rollups catch up, VACUUM ANALYZE runs as
autovacuum would, and it measures p95 of each page (wrk, one connection per gunicorn worker),
the first byte and the whole of each CSV export for 30 days, and one worker tick.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

import requests
import sqlalchemy as sa
from sqlalchemy.orm import Session

from bench.common import WORKERS, Load, Result, kept_schema, print_table, require_ok, serve, wrk
from bench.year_seed import SEED_VERSION, seed
from followup import dashboard_snapshots, rollup_refresh, touch_ranking
from tests.support.journeys import log_in
from tests.support.processes import flask

TASKS = int(os.environ.get("BENCH_YEAR_TASKS", "1000000"))
MANAGER, PASSWORD = "manager@example.com", "bench-password-1"
EXPORT_RUNS = 3
TOUCH_DAYS = 28  # the default
TARGETS = {"dashboard": 300.0, "touch": 200.0, "customers": 100.0, "queue": 50.0}


def prepare(env: dict[str, str], tasks: int, fresh: bool) -> None:
    """Seed unless this schema already holds this size and seed version; catch the rollups up."""
    engine = sa.create_engine(env["DATABASE_URL"])
    params = f"{tasks}:{SEED_VERSION}"
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE IF NOT EXISTS bench_seed (params text)"))
        seeded = conn.scalar(sa.text("SELECT params FROM bench_seed")) == params and not fresh
    if not seeded:
        started = time.perf_counter()
        with engine.begin() as conn:
            seed(conn, tasks, datetime.now(UTC))
            conn.execute(sa.text("DELETE FROM bench_seed"))
            conn.execute(sa.text("INSERT INTO bench_seed VALUES (:params)"), {"params": params})
        print(f"seeded {tasks:,} tasks with their year of rows in {time.perf_counter() - started:.0f} s")
        _vacuum(engine)  # fresh tables have no statistics: the ranking's plan would go astray
        flask(env, "users", "create", MANAGER, "--name", "Bench Manager", "--password-stdin", stdin=PASSWORD)
    started = time.perf_counter()
    with Session(engine) as session:
        hours = rollup_refresh.refresh(session, datetime.now(UTC), max_new_hours=24 * 400)
        session.commit()
    print(f"rollups: {hours:,} hours counted in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    with Session(engine) as session:  # the worker's hourly ranking, which the touch list reads
        touch_ranking.rank_if_due(session, datetime.now(UTC), TOUCH_DAYS)
        session.commit()
    print(f"touch list ranked in {time.perf_counter() - started:.1f} s (the worker does it hourly)")
    with engine.begin() as conn:  # each run times the worker counting the dashboards afresh
        conn.execute(sa.text("DELETE FROM dashboard_snapshots"))
    _vacuum(engine)
    engine.dispose()


def _vacuum(engine: sa.Engine) -> None:
    """VACUUM ANALYZE the schema's tables, as autovacuum would have by then."""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        tables = conn.scalars(sa.text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"))
        for table in tables.all():  # one by one: a bare VACUUM would walk other runs' schemas too
            conn.execute(sa.text(f'VACUUM ANALYZE "{table}"'))


def _met(load: Load, target_ms: float) -> bool:
    """Under the target, and every request answered (wrk drops one that outlasts its 2 s timeout)."""
    return load.sent > 0 and load.errors == 0 and load.p95 < target_ms


def exports(base: str, headers: dict[str, str]) -> list[Result]:
    """Each CSV export for the last 30 days, EXPORT_RUNS times: first byte and the whole file."""
    results = []
    for name in ("responses", "tasks", "calls"):
        firsts, totals, size = [], [], 0
        for _ in range(EXPORT_RUNS):
            started = time.perf_counter()
            with requests.get(
                f"{base}/exports/{name}.csv?days=30", headers=headers, stream=True, timeout=120
            ) as r:
                r.raise_for_status()
                chunks = r.iter_content(64 * 1024)
                size = len(next(chunks))
                firsts.append(time.perf_counter() - started)
                size += sum(len(chunk) for chunk in chunks)
            totals.append(time.perf_counter() - started)
        label = f"GET /exports/{name}.csv 30 d"
        results.append(_timed(f"{label} 1st byte", firsts, "first byte < 1 s", 1.0))
        results.append(_timed(f"{label} ({size / 1e6:.0f} MB)", totals, "whole file < 30 s", 30.0))
    return results


def _timed(name: str, seconds: list[float], target: str, limit: float) -> Result:
    """A few timed runs as a table row: p50 is their median, p95 and p99 their slowest."""
    ms = [s * 1000 for s in seconds]
    return Result(name, None, statistics.median(ms), max(ms), max(ms), None, target, max(seconds) < limit)


def worker_tick(env: dict[str, str]) -> list[Result]:
    """One worker tick's planning and rollups, and the weekly digest's list, timed in this process."""
    os.environ.update(env)
    from core.extensions import db
    from followup.touch_ranking import quiet_customers
    from followup.touches import upcoming_dates
    from scheduler.jobs import plan_followups, roll_up
    from wsgi import create_app

    app = create_app()

    def digest_lists() -> None:
        now = datetime.now(UTC)
        quiet_customers(db.session, now, app.config["TOUCH_DAYS"])
        upcoming_dates(db.session, now.date(), days=7)

    steps = {
        "worker: plan follow-ups (tick)": lambda: plan_followups(app),
        "worker: roll up (tick)": lambda: roll_up(app),
        "worker: touch digest's lists": digest_lists,
    }
    results = []
    with app.app_context():
        for name, step in steps.items():
            seconds = []
            for _ in range(3):
                started = time.perf_counter()
                step()
                seconds.append(time.perf_counter() - started)
            results.append(_timed(name, seconds, "bounded (< 1 s)", 1.0))
    return results


def count_dashboards(env: dict[str, str]) -> Result:
    """The worker's counting of the dashboard periods the pages asked for, as its ticks would."""
    engine = sa.create_engine(env["DATABASE_URL"])
    seconds = []
    with Session(engine) as session:
        while True:  # one period at a time (a budget of 0 counts just one), each timed
            started = time.perf_counter()
            if not dashboard_snapshots.refresh(session, datetime.now(UTC), budget_seconds=0):
                break
            seconds.append(time.perf_counter() - started)
    engine.dispose()
    limit = dashboard_snapshots.TICK_BUDGET_SECONDS
    name = f"worker: count a dashboard period ({len(seconds)})"
    return _timed(name, seconds or [0.0], f"each < {limit:.0f} s (a tick's budget)", limit)


def run(tasks: int = TASKS, fresh: bool = False, only: str = "") -> list[Result]:
    with kept_schema(f"bench_year_{tasks}") as env:
        prepare(env, tasks, fresh)
        api = {"Authorization": f"Bearer {flask(env, 'users', 'token', MANAGER).stdout.strip()}"}
        engine = sa.create_engine(env["DATABASE_URL"])
        with engine.connect() as conn:
            open_task = conn.scalar(sa.text("SELECT min(id) FROM followup_tasks WHERE status = 'open'"))
            customer = conn.scalar(
                sa.text("SELECT customer_id FROM followup_tasks WHERE id = :id"), {"id": open_task}
            )
            # A customer deep in the list's (name, id) order: its page, and a search for part of its
            # name (the middle: no prefix index could answer it, the trigram indexes must).
            deep, deep_name = conn.execute(
                sa.text("SELECT id, name FROM customers WHERE id = (SELECT max(id) * 3 / 4 FROM customers)")
            ).one()
        engine.dispose()
        month_ago = datetime.now(UTC).date() - timedelta(days=60)
        custom = f"from={month_ago}&to={month_ago + timedelta(days=29)}"
        search = urlencode({"q": deep_name[1:-1]})
        with serve(env) as base:
            browser = log_in(base, MANAGER, PASSWORD)
            page = {
                "Cookie": f"session={browser.cookies['session']}",
                "User-Agent": browser.headers["User-Agent"],
            }
            endpoints = {
                "GET /followups (HTML queue)": ("/followups", page, "queue"),
                "GET /api/followups (JSON)": ("/api/followups", api, "queue"),
                "GET /followups/<id> (task page)": (f"/followups/{open_task}", page, "queue"),
                "GET /dashboard?days=7": ("/dashboard?days=7", page, "dashboard"),
                "GET /dashboard?days=30": ("/dashboard?days=30", page, "dashboard"),
                "GET /dashboard?days=90": ("/dashboard?days=90", page, "dashboard"),
                "GET /dashboard (30 days, 2 months ago)": (f"/dashboard?{custom}", page, "dashboard"),
                "GET /touch (touch list)": ("/touch", page, "touch"),
                "GET /customers": ("/customers", page, "customers"),
                "GET /customers?q=<part of a name>": (f"/customers?{search}", page, "customers"),
                "GET /customers?after=<id>": (f"/customers?after={deep}", page, "customers"),
                "GET /customers/<id> (file)": (f"/customers/{customer}", page, "customers"),
            }
            endpoints = {name: e for name, e in endpoints.items() if only.lower() in name.lower()}
            for path, headers, kind in endpoints.values():
                if kind == "dashboard":
                    require_ok(base + path, headers)  # a large team's: the page asks the worker for it
            counted = count_dashboards(env)
            loads: dict[str, Load] = {}
            for name, (path, headers, _) in endpoints.items():
                require_ok(base + path, headers)
                wrk(base, path, seconds=2, headers=headers, connections=WORKERS)  # warm up every worker
                loads[name] = wrk(base, path, headers=headers, connections=WORKERS)
            bare = wrk(base, connections=WORKERS)
            results = [
                Result.of(
                    name, loads[name], bare, f"p95 < {TARGETS[kind]:.0f} ms", _met(loads[name], TARGETS[kind])
                )
                for name, (_, _, kind) in endpoints.items()
            ]
            if not only:
                results += exports(base, page)
        results += [counted] + (worker_tick(env) if not only else [])
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--tasks", type=int, default=TASKS, help="follow-ups in the year (default %(default)s)"
    )
    parser.add_argument("--fresh", action="store_true", help="seed again even if this size is kept")
    parser.add_argument("--only", default="", help="measure only the pages whose line contains this")
    args = parser.parse_args()
    print_table(run(args.tasks, args.fresh, args.only))


if __name__ == "__main__":
    main()
