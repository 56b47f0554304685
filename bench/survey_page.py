"""Print how fast customers can open and answer their survey page, beside a bare endpoint.

Run from the repository root: ``python -m bench.survey_page`` (needs `wrk` and PostgreSQL, see
bench/common.py). It seeds surveys with known nonces and derives their links from the SECRET_KEY
the server runs with, as the worker does. GET /s/<token> is the form page. Every POST answers a
different survey, so each is a first answer that runs the whole path: the CSRF check, the answer,
the assessment (TextBlob and the cues), a follow-up task for an unhappy one, one commit, 303.
One GET gives the session cookie and CSRF token every POST carries: Flask-WTF ties the token to
the session, not to the page. Targets (issue 5.9): GET >= 2,000 req/s, POST >= 600 req/s.
"""

from __future__ import annotations

import tempfile
import uuid
from datetime import UTC, datetime, timedelta
from itertools import cycle
from pathlib import Path
from urllib.parse import urlencode

import requests
import sqlalchemy as sa

from bench.common import (
    Result,
    copy_rows,
    migrated_schema,
    print_table,
    replay,
    require_ok,
    serve,
    write_requests,
    wrk,
)
from survey import tokens
from tests.support.html import csrf_token

SURVEYS = 30_000  # more than a run can answer: a second answer to one survey skips the task
GET_TARGET, POST_TARGET = 2_000, 600
ANSWERS = [
    (2, "Still broken, third time I called."),
    (5, "Quick and friendly, thanks!"),
    (3, "fine I guess"),
    (4, "Solved, though it took a while to get through."),
]
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def seed_surveys(conn: sa.Connection, count: int, secret_key: str) -> list[str]:
    """`count` customers with a closed ticket and a sent survey each; returns the survey links."""
    now = datetime.now(UTC)
    ids = range(1, count + 1)
    nonces = [uuid.uuid4().hex for _ in ids]
    links = [tokens.token_for(secret_key, nonce) for nonce in nonces]
    copy_rows(
        conn,
        "customers",
        "id, source, external_id, name, email, language, created_at, updated_at",
        ((i, "bench", f"C-{i}", f"Customer {i}", f"c{i}@example.com", "en", now, now) for i in ids),
    )
    copy_rows(
        conn,
        "tickets",
        "id, customer_id, source, external_id, subject, status, closed_at, created_at",
        ((i, i, "bench", f"T-{i}", "Printer offline", "closed", now, now) for i in ids),
    )
    columns = (
        "id, ticket_id, customer_id, token_nonce, token_hash, status, channels, send_at, sent_at, "
        "expires_at, created_at"
    )
    expires = now + timedelta(days=14)
    copy_rows(
        conn,
        "surveys",
        columns,
        (
            (i, i, i, nonce, tokens.token_hash(link), "sent", "email", now, now, expires, now)
            for i, nonce, link in zip(ids, nonces, links, strict=True)
        ),
    )
    return [f"/s/{link}" for link in links]


def run() -> list[Result]:
    with migrated_schema() as env, tempfile.TemporaryDirectory() as tmp:
        engine = sa.create_engine(env["DATABASE_URL"])
        with engine.begin() as conn:
            links = seed_surveys(conn, SURVEYS, env["SECRET_KEY"])
        page = links[0]  # a GET never records anything, so one survey serves every GET
        with serve(env) as base:
            customer = requests.Session()
            token = csrf_token(customer.get(base + page, timeout=30).text)
            cookie = {"Cookie": f"session={customer.cookies['session']}"}
            answers = (
                (link, urlencode({"csrf_token": token, "rating": rating, "comment": comment}), FORM)
                for link, (rating, comment) in zip(links[1:], cycle(ANSWERS))
            )
            posts = write_requests(Path(tmp) / "answers.tsv", answers)
            require_ok(base + page)
            wrk(base, seconds=2)  # warm up: every worker has run each route before anything is timed
            wrk(base, page, seconds=2)
            replay(base, posts, seconds=2, headers=cookie)
            bare_get, shown = wrk(base), wrk(base, page)
            bare_post = replay(base, posts, path="/bare", headers=cookie)
            answered = replay(base, posts, offset=SURVEYS // 4, headers=cookie)
        with engine.connect() as conn:
            recorded = conn.execute(sa.text("SELECT count(*) FROM assessments")).scalar_one()
        engine.dispose()
    if recorded < answered.sent:
        raise SystemExit(f"{answered.sent} answers posted but {recorded} assessed: not the full path")
    return [
        Result.of(
            "GET /s/<token> (form page)", shown, bare_get, f">= {GET_TARGET:,} req/s", shown.rps >= GET_TARGET
        ),
        Result.of(
            "POST /s/<token> (first answer)",
            answered,
            bare_post,
            f">= {POST_TARGET:,} req/s",
            answered.rps >= POST_TARGET,
        ),
        Result.of("GET /bare", bare_get, bare_get),  # the bare endpoint's own percentiles
        Result.of("POST /bare (same bodies)", bare_post, bare_post),
    ]


def main() -> None:
    print_table(run())


if __name__ == "__main__":
    main()
