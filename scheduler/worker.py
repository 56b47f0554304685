"""`flask --app wsgi worker`: APScheduler decides when to tick; SIGTERM stops it cleanly.

APScheduler keeps only the interval in memory (its default memory job store): everything a tick
works on is a database row, so any number of workers can run against PostgreSQL and a restart
loses nothing. On SQLite run one.

On SIGTERM (or Ctrl-C) the message being sent is finished and recorded, the rest of the claimed
batch is released for other workers at once, a last heartbeat is written, and the process exits
0. A worker killed outright instead leaves its claims to expire (OUTBOX_LEASE_SECONDS).
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
from collections.abc import Callable
from datetime import UTC, datetime

import click
from apscheduler.schedulers import SchedulerNotRunningError
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from flask import Flask, current_app
from flask.cli import with_appcontext

from notify.delivery import Deliverer
from scheduler.jobs import tick

log = logging.getLogger(__name__)

# Share of the interval spent sending before a tick plans and beats again (see scheduler/jobs.py).
TICK_BUDGET_SHARE = 0.9
JOB_ID = "tick"


def build_deliverer(app: Flask) -> Deliverer:
    return app.extensions["deliverer_factory"]()


def tick_job(scheduler: BaseScheduler, stop: threading.Event, work: Callable[[], None]):
    """The tick's job and the shutdown that ends it, as (job, shut_down).

    A tick working through a backlog outlasts intervals; pausing its job meanwhile keeps
    APScheduler from logging a skipped run at each of them, a warning that means nothing. But
    `shutdown(wait=True)` holds the job stores' lock while it waits for the running job, and
    pausing or resuming a job takes that lock: a tick reaching either call after shutdown began
    would wait for shutdown, and shutdown for it, forever. So a tick checks `stop` and calls the
    scheduler under one lock, which shutdown takes first: from then on every tick sees `stop`
    (set before shutdown starts) and leaves the scheduler alone.
    """
    guard = threading.Lock()

    def job() -> None:
        with guard:
            if stop.is_set():
                return
            scheduler.pause_job(JOB_ID)
        try:
            work()
        finally:
            with guard:
                if not stop.is_set():
                    scheduler.resume_job(JOB_ID)

    def shut_down() -> None:
        try:
            with guard:
                scheduler.pause()  # first, so the loop starts no new tick while the running one finishes
            scheduler.shutdown(wait=True)
        except SchedulerNotRunningError:
            pass  # its loop already ended (a Ctrl-C reaches the whole demo at once): nothing to stop

    return job, shut_down


def run(app: Flask, interval: float, name: str) -> None:
    deliverer = build_deliverer(app)
    stop = threading.Event()
    scheduler = BlockingScheduler(timezone="UTC")
    job, shut_down = tick_job(
        scheduler, stop, lambda: tick(app, name, deliverer, stop, interval * TICK_BUDGET_SHARE)
    )
    scheduler.add_job(
        job,
        "interval",
        seconds=interval,
        id=JOB_ID,
        max_instances=1,
        coalesce=True,
        misfire_grace_time=None,
        next_run_time=datetime.now(UTC),
    )

    def on_signal(signum: int, frame: object) -> None:
        # Only flag and delegate: the scheduler's calls take locks its own loop (interrupted by
        # this very handler) may be holding, and joining the running tick takes a while.
        if stop.is_set():
            return
        log.info("worker %s stopping on signal %s: finishing the message in hand", name, signum)
        stop.set()
        threading.Thread(target=shut_down, name="shutdown").start()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    log.info("worker %s started, every %ss", name, interval)
    scheduler.start()
    deliverer.close()
    log.info("worker %s stopped", name)


@click.command("worker")
@click.option(
    "--interval", type=float, default=None, help="Seconds between ticks (SCHEDULER_INTERVAL_SECONDS)."
)
@click.option("--once", is_flag=True, help="Run one tick, delivering everything due, and exit (cron, tests).")
@with_appcontext
def worker_command(interval: float | None, once: bool) -> None:
    """Run the scheduler worker: deliveries, reminders, expiries and escalations."""
    app = current_app._get_current_object()
    name = f"{socket.gethostname()}:{os.getpid()}"
    if once:
        deliverer = build_deliverer(app)
        tick(app, name, deliverer)
        deliverer.close()
        return
    run(app, interval or app.config["SCHEDULER_INTERVAL_SECONDS"], name)
