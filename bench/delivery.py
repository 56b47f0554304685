"""Print how fast worker processes empty a queue of surveys into a local SMTP server.

Run from the repository root: ``python -m bench.delivery`` (needs the PostgreSQL the tests use,
or ``--database-url``). It makes its own schema, migrates it, queues N surveys (customers,
tickets, surveys and outbox rows, as intake would), starts the workers as an operator would
(``flask --app wsgi worker``), makes every row due at one instant and waits for the mail.
Prints messages/s, end-to-end lag (due -> arrived at the SMTP server), duplicates, each
worker's peak RSS (VmHWM from /proc) and the CPU time spent per message by the workers and by
the SMTP server. Targets: 10,000 in under 30 s, under 150 MB per worker. The SMTP server runs in
this process; on a small machine it competes with the workers for CPU. The workers' settings
come from the environment as in production (OUTBOX_COMMIT_EVERY=1, say, to compare).
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

import sqlalchemy as sa
from aiosmtpd.controller import Controller

from tests.support.schemas import create_schema

REPO = Path(__file__).resolve().parents[1]
DEFAULT_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


class Arrivals:
    """An aiosmtpd handler that only notes who got a message and when: parsing would cost CPU."""

    def __init__(self) -> None:
        self.times: list[float] = []
        self.recipients: Counter[str] = Counter()
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope) -> str:
        with self.lock:
            self.times.append(time.time())
            self.recipients.update(envelope.rcpt_tos)
        return "250 OK"


def _rows(i: int, now: datetime, later: datetime) -> dict[str, dict]:
    """One closed ticket's rows, per table, as intake leaves them."""
    return {
        "customers": {
            "id": i,
            "source": "bench",
            "external_id": f"C-{i}",
            "name": f"Customer {i}",
            "email": f"c{i}@example.com",
            "language": "en",
            "updated_at": now,
            "created_at": now,
        },
        "tickets": {
            "id": i,
            "customer_id": i,
            "source": "bench",
            "external_id": f"T-{i}",
            "subject": "Printer offline",
            "status": "closed",
            "closed_at": now,
            "created_at": now,
        },
        "surveys": {
            "id": i,
            "ticket_id": i,
            "customer_id": i,
            "token_nonce": uuid.uuid4().hex,
            "token_hash": uuid.uuid4().hex * 2,
            "status": "scheduled",
            "channels": "email",
            "send_at": now,
            "expires_at": later,
            "created_at": now,
        },
        "outbox": {
            "kind": "survey_invite",
            "ref_id": i,
            "channel": "email",
            "recipient": f"c{i}@example.com",
            "dedupe_key": f"survey:{i}:invite:email",
            "status": "pending",
            "due_at": later,
            "attempts": 0,
            "created_at": now,
        },
    }


def seed(engine: sa.Engine, count: int) -> None:
    """Bulk inserts, due in a year until the clock starts, so workers can warm up first."""
    meta = sa.MetaData()
    meta.reflect(engine, only=["customers", "tickets", "surveys", "outbox"])
    now = datetime.now(UTC)
    rows = [_rows(i, now, now + timedelta(days=365)) for i in range(1, count + 1)]
    with engine.begin() as conn:
        for table in ("customers", "tickets", "surveys", "outbox"):
            conn.execute(meta.tables[table].insert(), [row[table] for row in rows])
        for table in ("customers", "tickets", "surveys"):
            conn.execute(sa.text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {count})"))


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process so far, from /proc/<pid>/stat."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def migrate(url: str) -> None:
    os.environ.setdefault("APP_ENV", "testing")
    os.environ.setdefault("ORG_NAME", "Acme Repairs")
    from flask_migrate import upgrade

    from config import Config
    from wsgi import create_app

    config = Config()
    config.SQLALCHEMY_DATABASE_URI = url
    with create_app(config).app_context():
        upgrade()


def run(base_url: str, count: int, workers: int, interval: float, timeout: float) -> None:
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(base_url)
    with admin.begin() as conn:
        create_schema(conn, schema)
    url = f"{base_url}{'&' if '?' in base_url else '?'}options={quote(f'-csearch_path={schema}')}"
    engine = sa.create_engine(url)
    arrivals = Arrivals()
    smtp = Controller(arrivals, hostname="127.0.0.1", port=_free_port(), server_hostname="localhost")
    procs: list[subprocess.Popen] = []
    try:
        migrate(url)
        seed(engine, count)
        smtp.start()
        env = {k: v for k, v in os.environ.items() if not k.startswith("FLASK_")}
        env.update(
            APP_ENV="production",
            SECRET_KEY="bench-" + "k" * 40,
            ORG_NAME="Acme Repairs",
            DATABASE_URL=url,
            MAIL_SERVER="127.0.0.1",
            MAIL_PORT=str(smtp.port),
            SCHEDULER_INTERVAL_SECONDS=str(interval),
            PYTHONUNBUFFERED="1",
        )
        flask = str(Path(sys.executable).parent / "flask")
        for _ in range(workers):
            procs.append(
                subprocess.Popen(
                    [flask, "--app", "wsgi", "worker"],
                    cwd=REPO,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
        time.sleep(interval + 5)  # let them start and settle into their idle ticks
        cpu_before = [cpu_seconds(p.pid) for p in procs] + [time.process_time()]
        start = time.time()
        with engine.begin() as conn:
            conn.execute(sa.text("UPDATE outbox SET due_at = :t"), {"t": datetime.fromtimestamp(start, UTC)})
        while len(arrivals.times) < count and time.time() - start < timeout:
            time.sleep(0.1)
        time.sleep(1)  # anything sent twice would arrive now
        rss = [peak_rss_mb(p.pid) for p in procs]
        cpu_after = [cpu_seconds(p.pid) for p in procs] + [time.process_time()]
        cpu = [after - before for before, after in zip(cpu_before, cpu_after, strict=True)]
        report(arrivals, start, count, workers, rss, cpu)
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        for proc in procs:
            proc.wait(timeout=60)
        smtp.stop()
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def report(
    arrivals: Arrivals, start: float, count: int, workers: int, rss: list[float], cpu: list[float]
) -> None:
    lags = sorted(t - start for t in arrivals.times)
    received = len(set(arrivals.recipients))
    duplicates = sum(n - 1 for n in arrivals.recipients.values())
    elapsed = lags[-1] if lags else float("nan")
    print(f"workers: {workers}, queued: {count}, distinct received: {received}, duplicates: {duplicates}")
    print(f"all delivered in {elapsed:.1f} s: {len(lags) / elapsed:.0f} messages/s")
    if lags:
        p50, p95 = (lags[min(int(q * len(lags)), len(lags) - 1)] for q in (0.5, 0.95))
        print(f"end-to-end lag: p50 {p50:.1f} s, p95 {p95:.1f} s, max {lags[-1]:.1f} s")
    print("peak RSS per worker: " + ", ".join(f"{mb:.0f} MB" for mb in rss))
    *workers_cpu, smtp_cpu = cpu
    print(
        "CPU per message: workers "
        + ", ".join(f"{1000 * seconds / count:.1f} ms" for seconds in workers_cpu)
        + f" (each over all {count}); SMTP server (this process) {1000 * smtp_cpu / count:.1f} ms"
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--interval", type=float, default=1.0, help="SCHEDULER_INTERVAL_SECONDS of the workers"
    )
    parser.add_argument("--timeout", type=float, default=300)
    args = parser.parse_args()
    run(args.database_url, args.messages, args.workers, args.interval, args.timeout)


if __name__ == "__main__":
    main()
