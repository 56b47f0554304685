"""`flask --app wsgi worker`: APScheduler drives the ticks; SIGTERM finishes the current one.

Any number of these may run against PostgreSQL. Each tick claims its rows with leases, so a
worker that is killed outright only delays its claimed rows until their leases run out.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
from datetime import datetime

import click
from apscheduler.schedulers.blocking import BlockingScheduler
from flask import Flask, current_app
from flask.cli import with_appcontext

from scheduler.jobs import tick

log = logging.getLogger(__name__)


def build_deliverer(app: Flask):
    return app.extensions["deliverer_factory"]()


def run(app: Flask, interval: float, name: str) -> None:
    deliverer = build_deliverer(app)
    scheduler = BlockingScheduler(timezone="UTC")
    scheduler.add_job(
        tick,
        "interval",
        seconds=interval,
        args=(app, name, deliverer),
        id="tick",
        max_instances=1,
        coalesce=True,
        next_run_time=datetime.now().astimezone(),
    )

    def stop(signum, frame):
        log.info("worker %s stopping on signal %s after the current tick", name, signum)
        scheduler.shutdown(wait=True)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    log.info("worker %s started, every %ss", name, interval)
    scheduler.start()
    log.info("worker %s stopped", name)


@click.command("worker")
@click.option("--interval", type=float, default=None, help="Seconds between ticks (SCHEDULER_INTERVAL_SECONDS).")
@click.option("--once", is_flag=True, help="Run one tick and exit (cron, tests).")
@with_appcontext
def worker_command(interval: float | None, once: bool) -> None:
    """Run the scheduler worker: deliveries, reminders, expiries and escalations."""
    app = current_app._get_current_object()
    name = f"{socket.gethostname()}:{os.getpid()}"
    if once:
        tick(app, name, build_deliverer(app))
        return
    run(app, interval or app.config["SCHEDULER_INTERVAL_SECONDS"], name)
