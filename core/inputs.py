"""Refuse NUL characters and out-of-range ids before they reach the database.

PostgreSQL text cannot hold U+0000 and would fail the request with a 500; SQLite would store it.
No person types one, so a request carrying it gets a plain 400 on every database alike. The
ticket webhooks are left alone: their bodies are signed as sent, and intake strips NULs itself.
"""

from __future__ import annotations

from flask import Flask, abort, request
from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1  # every id column is a 32-bit integer


class IdConverter(IntegerConverter):
    """`<int:...>` in every route: an id past the column's range matches no route, so it answers
    404 instead of overflowing the database's integer (a 500 on PostgreSQL)."""

    def __init__(self, map, fixed_digits: int = 0, min: int | None = None, max: int | None = MAX_ID) -> None:  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max)


NUL_JSON = b"\\u0000"


def _has_nul() -> bool:
    if request.mimetype == "application/json":
        body = request.get_data(cache=True)
        if b"\x00" in body or NUL_JSON in body.lower():
            return True
    fields = [*request.args.items(multi=True), *request.form.items(multi=True)]
    return any("\x00" in key or "\x00" in value for key, value in fields)


def register(app: Flask) -> None:
    app.url_map.converters["int"] = IdConverter

    @app.before_request
    def refuse_nul():
        if request.method != "GET" and request.path.startswith("/webhooks/"):
            return None
        if _has_nul():
            abort(400, "text may not contain NUL characters")
        return None
