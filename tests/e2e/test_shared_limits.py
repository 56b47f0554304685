"""Rate limits hold across gunicorn workers: counted in the local Redis, never per worker.

Each server run gets a Redis key prefix of its own (tests/support/processes.py), so the SQLite
and PostgreSQL passes and anyone else's runs sharing the Redis never add to each other's counts.
"""

from __future__ import annotations

import re
import subprocess

import pytest
import requests

from tests.support.html import csrf_token
from tests.support.processes import BIN, REPO, app_env, free_port, gunicorn

# The limits are counted in Redis, whatever the database.
pytestmark = pytest.mark.one_pass("postgres")

ATTEMPTS = 14
LIMIT = 5


def test_login_limit_holds_exactly_across_two_workers(migrated, tmp_path):
    port = free_port()
    env = app_env(
        DATABASE_URL=migrated,
        PUBLIC_BASE_URL=f"http://127.0.0.1:{port}",
        LOGIN_RATE_LIMIT=f"{LIMIT} per minute",
        GUNICORN_CMD_ARGS="--access-logfile - --access-logformat 'pid=%(p)s %(m)s %(U)s %(s)s'",
    )
    env.pop("RATELIMIT_STORAGE_URI", None)  # REDIS_URL alone must be enough
    log = tmp_path / "gunicorn.log"
    with gunicorn(env, port, workers=2, log_path=log) as url:
        codes = []
        for _ in range(ATTEMPTS):  # a new connection each time, so both workers take some
            with requests.Session() as client:
                token = csrf_token(client.get(url + "/login", timeout=10).text)
                form = {"csrf_token": token, "email": "nobody@example.com", "password": "wrong password"}
                codes.append(client.post(url + "/login", data=form, timeout=10).status_code)
    served_by = set(re.findall(r"pid=<?(\d+)>? POST /login", log.read_text()))
    assert len(served_by) == 2, "both workers should have answered some of the attempts"
    assert codes.count(429) == ATTEMPTS - LIMIT
    assert codes[LIMIT:] == [429] * (ATTEMPTS - LIMIT)


def test_several_workers_with_limits_in_memory_refuse_to_start(migrated):
    env = app_env(DATABASE_URL=migrated)
    env.pop("REDIS_URL")
    env.pop("RATELIMIT_STORAGE_URI", None)
    command = [str(BIN / "gunicorn"), "-b", f"127.0.0.1:{free_port()}", "-w", "2", "wsgi:create_app()"]
    run = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    assert run.returncode != 0
    assert "REDIS_URL" in run.stderr + run.stdout
