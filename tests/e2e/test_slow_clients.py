"""Slow clients cannot starve the app: gunicorn as the README serves it, 150 trickling clients.

Each slow client opens a connection and sends its request one byte a second, as a slowloris
attack does; meanwhile /healthz must keep answering within a second. Everything stays on the
loopback address and every loop is bounded in count and time.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time

import pytest
import requests

from tests.support.processes import app_env, free_port, gunicorn

# Gunicorn's workers under slow clients, with the database driver that has to yield to them.
pytestmark = pytest.mark.one_pass("postgres")

SLOW_CLIENTS = 150
PROBES = 12
REQUEST = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow\r\nX-Padding: abcdefghij\r\n"


def trickle(port: int, stop: threading.Event, opened: list[socket.socket]) -> None:
    """Open the slow connections, then send each one more byte of its request every second."""
    for _ in range(SLOW_CLIENTS):
        opened.append(socket.create_connection(("127.0.0.1", port), timeout=5))
    for index in range(30):  # stopped by the test long before
        for conn in opened:
            with contextlib.suppress(OSError):  # a server may drop a client this slow: allowed
                conn.send(REQUEST[index : index + 1])
        if stop.wait(1):
            return


def test_healthz_answers_within_a_second_while_150_clients_trickle_headers(migrated, tmp_path):
    port = free_port()
    env = app_env(DATABASE_URL=migrated, PUBLIC_BASE_URL=f"http://127.0.0.1:{port}")
    with gunicorn(env, port, log_path=tmp_path / "gunicorn.log") as url:
        stop, opened = threading.Event(), []
        slow = threading.Thread(target=trickle, args=(port, stop, opened), daemon=True)
        slow.start()
        try:
            time.sleep(2)  # every slow client connected and has begun its request
            assert len(opened) == SLOW_CLIENTS
            answers = []
            for _ in range(PROBES):
                started = time.monotonic()
                try:
                    status = requests.get(url + "/healthz", timeout=1).status_code
                except requests.RequestException as error:
                    status = type(error).__name__
                answers.append((status, time.monotonic() - started < 1))
                time.sleep(0.25)
        finally:
            stop.set()
            slow.join(timeout=10)
            for conn in opened:
                conn.close()
    assert answers == [(200, True)] * PROBES
