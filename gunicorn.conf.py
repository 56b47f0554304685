"""gunicorn's settings for this app, read from the working directory when gunicorn starts.

Several workers each count their own requests and webhooks. prometheus_client's multi-process
mode keeps every worker's counts in files under PROMETHEUS_MULTIPROC_DIR, and /metrics adds
them up (core/health.py): without it, each scrape would show the share of whichever worker
answered. The directory is emptied at start, as counts belong to one run of the server.
"""

import os
import shutil
import tempfile

_made_here: list[str] = []  # a directory this server made, removed when it exits


def on_starting(server):
    """In the master, before any worker exists to read the variable."""
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        shutil.rmtree(directory, ignore_errors=True)
        os.makedirs(directory)
    else:
        _made_here.append(tempfile.mkdtemp(prefix="prometheus-"))
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = _made_here[0]


def on_exit(server):
    for directory in _made_here:
        shutil.rmtree(directory, ignore_errors=True)


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
