"""A database that cannot be reached costs a request seconds, not minutes, and a clear 503.

Three bounds on PostgreSQL, all from config: `connect_timeout` (a new connection, handshake
included), the server's `statement_timeout` (a runaway query is cancelled), and a deadline on
every wait for an answer, kept by the driver itself: a network that swallows packets (a
partition, a black-holed route) otherwise leaves a request waiting on a socket forever, which no
server-side timeout can end. A connection coming back from the pool must answer SQLAlchemy's
ping within a second, so a dead link is found before a request's work starts.
A connection that missed its deadline is closed; SQLAlchemy then discards it and the pool
reconnects by itself once the database is back.

While the database is out, every request answers 503 (problem+json on machine routes, a page
for people) with `Retry-After`; the transaction is rolled back first, so nothing half-done is
kept and a webhook is never answered 2xx unless its rows were committed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from flask import Flask, g, render_template, request
from sqlalchemy import Connection, event
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from core.extensions import db
from core.problems import problem

log = logging.getLogger(__name__)
PING_SECONDS = 1.0
RETRY_AFTER_SECONDS = 5
MACHINE_PREFIXES = ("/api/", "/webhooks/", "/healthz", "/metrics")


class DeadlineConnection(psycopg.Connection):
    """A psycopg connection that stops waiting for an answer after `answer_within` seconds."""

    answer_within: float | None = None
    in_pool = False  # between check-in and check-out: only the pool's ping talks to the server

    def wait(self, gen, *args, **kwargs):
        deadline = PING_SECONDS if self.in_pool else self.answer_within
        if deadline is not None and kwargs.get("timeout") is None and len(args) < 2:
            kwargs["timeout"] = deadline
        try:
            return super().wait(gen, *args, **kwargs)
        except psycopg.errors._WaitTimeout:  # what Connection.wait raises when its timeout expires
            self.close()
            raise psycopg.OperationalError(f"no answer from the database within {deadline:g} s") from None


@contextmanager
def unbounded(connection: Connection) -> Iterator[None]:
    """Lift the statement timeout and the answer deadline on this connection meanwhile: they are
    a request's bounds, and a migration that backfills a million rows rightly takes minutes."""
    raw = connection.connection.dbapi_connection
    if connection.dialect.name != "postgresql" or not isinstance(raw, DeadlineConnection):
        yield
        return
    deadline, raw.answer_within = raw.answer_within, None
    connection.exec_driver_sql("SET statement_timeout = 0")
    try:
        yield
    finally:
        if not raw.closed:
            connection.exec_driver_sql("RESET statement_timeout")
        raw.answer_within = deadline


def register(app: Flask) -> None:
    with app.app_context():
        engine = db.engine
    if engine.dialect.name == "postgresql":
        _bound(engine, app.config["DB_CONNECT_TIMEOUT_SECONDS"], app.config["DB_STATEMENT_TIMEOUT_SECONDS"])
    for error in (OperationalError, InterfaceError, PoolTimeout):
        app.register_error_handler(error, unavailable)


def _bound(engine, connect_seconds: int, statement_seconds: float) -> None:
    @event.listens_for(engine, "do_connect")
    def connect(dialect, record, cargs, cparams):
        cparams.setdefault("connect_timeout", connect_seconds)
        if statement_seconds:
            option = f"-c statement_timeout={int(statement_seconds * 1000)}"
            cparams["options"] = f"{cparams.get('options', '')} {option}".strip()
        conn = DeadlineConnection.connect(*cargs, **cparams)
        conn.answer_within = statement_seconds + 1 if statement_seconds else None
        return conn

    @event.listens_for(engine, "checkin")
    def rests(dbapi_connection, record):
        if isinstance(dbapi_connection, DeadlineConnection):
            dbapi_connection.in_pool = True

    @event.listens_for(engine, "checkout")
    def works(dbapi_connection, record, proxy):
        if isinstance(dbapi_connection, DeadlineConnection):
            dbapi_connection.in_pool = False


def reason(error: BaseException) -> str:
    """Why the database failed, in words safe for a probe's body and a log line (no URLs)."""
    text = str(getattr(error, "orig", None) or error).lower()
    if "timeout" in text or "within" in text or "timed out" in text:
        return "timed out"
    if "refused" in text:
        return "connection refused"
    if any(word in text for word in ("closed", "terminat", "lost", "broken", "reset")):
        return "connection lost"
    return "database error"


def unavailable(error: SQLAlchemyError):
    db.session.rollback()
    g.database_unavailable = True  # what renders the answer does not wait for the database again
    why = reason(error)
    log.warning("database unavailable (%s) on %s %s", why, request.method, request.url_rule or "unmatched")
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
    if request.path.startswith(MACHINE_PREFIXES):
        response = problem(503, f"the database is unavailable ({why}); try again shortly")
        response.headers.update(headers)
        return response
    page = render_template(
        "error.html",
        title="Back in a moment",
        message="We can't reach our records just now. Please try again in a minute.",
    )
    return page, 503, headers
