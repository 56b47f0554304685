"""Running the real app and worker as separate processes, the way an operator starts them."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
REDIS_URL = "redis://127.0.0.1:6379/0"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def app_env(**settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLASK_", "WERKZEUG_"))}
    env.update({"APP_ENV": "production", "SECRET_KEY": "e2e-" + "k" * 40, "PYTHONUNBUFFERED": "1"})
    env["ORG_NAME"] = "Acme Repairs"  # required outside development
    # Several gunicorn workers share rate limits in the local Redis; a prefix of its own keeps
    # this server's counts apart from every other run's (the passes and other runs side by side).
    env.update({"REDIS_URL": REDIS_URL, "RATELIMIT_KEY_PREFIX": f"run-{uuid.uuid4().hex}"})
    env.update(settings)
    return env


def flask(
    env: dict[str, str], *args: str, stdin: str | None = None, timeout: float = 60
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "flask"), "--app", "wsgi", *args],
        cwd=REPO,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )


@contextmanager
def gunicorn(env: dict[str, str], port: int, workers: int = 2, log_path: Path | None = None):
    """Serve `wsgi:create_app()` on gunicorn; yields the base URL once /healthz answers."""
    log = open(log_path, "w") if log_path else subprocess.DEVNULL  # noqa: SIM115
    proc = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(workers),
            "--graceful-timeout",
            "5",
            "wsgi:create_app()",
        ],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, proc)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=15)
        if log_path:
            log.close()


@contextmanager
def worker(env: dict[str, str], log_path: Path | None = None):
    log = open(log_path, "w") if log_path else subprocess.DEVNULL  # noqa: SIM115
    proc = subprocess.Popen(
        [str(BIN / "flask"), "--app", "wsgi", "worker"],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.terminate()
            proc.wait(timeout=30)
        if log_path:
            log.close()


def _wait_until_up(url: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            if requests.get(url + "/healthz", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise RuntimeError("server did not come up")


def wait_for(predicate, timeout: float = 20, interval: float = 0.2):
    """Poll until `predicate()` returns something truthy; fail the test on timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError("condition not met in time")
