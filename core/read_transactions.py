"""A request that only read ends its transaction with COMMIT, so PostgreSQL keeps its plans.

psycopg prepares a statement on the server once a connection has run it five times, and
PostgreSQL then reuses its plan instead of planning the query again. But psycopg drops every
prepared statement on ROLLBACK, and Flask-SQLAlchemy ends each request by rolling back, so every
request planned every query anew: a third of the database's CPU on the task page. For a
transaction that ran nothing but SELECTs, COMMIT and ROLLBACK leave the database the same, so such
a request commits instead. A write of any kind (a flush, a statement other than SELECT, a
savepoint), anything pending in the session, or an error still ends in the usual rollback.
"""

from __future__ import annotations

from flask import Flask
from sqlalchemy import event

from core.extensions import db

WROTE = "read_transactions.wrote"  # on the connection: a statement other than SELECT ran


def register(app: Flask) -> None:
    with app.app_context():
        engine = db.engine

    @event.listens_for(engine, "begin")
    def begin(conn) -> None:
        conn.info[WROTE] = False

    @event.listens_for(engine, "before_cursor_execute")
    def note(conn, cursor, statement, parameters, context, executemany) -> None:
        if statement.lstrip()[:6].upper() != "SELECT":
            conn.info[WROTE] = True

    @app.teardown_request
    def end_reads(error: BaseException | None) -> None:
        session = db.session()
        transaction = session.get_transaction()
        if error is not None or transaction is None or not transaction.is_active:
            return
        if session.new or session.dirty or session.deleted:
            return
        if not session.connection().info.get(WROTE, True):
            session.commit()
