"""gunicorn's settings for this app, read from the working directory when gunicorn starts.

Several workers each count their own requests and webhooks. prometheus_client's multi-process
mode keeps every worker's counts in files under PROMETHEUS_MULTIPROC_DIR, and /metrics adds
them up (core/health.py): without it, each scrape would show the share of whichever worker
answered. The variable is set here, as gunicorn reads this file, because that comes before the
app is imported, even with --preload. The directory is emptied, as counts belong to one run of
the server; one made here is removed when the server exits.
"""

import os
import shutil
import tempfile

_made_here: list[str] = []

if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    shutil.rmtree(os.environ["PROMETHEUS_MULTIPROC_DIR"], ignore_errors=True)
    os.makedirs(os.environ["PROMETHEUS_MULTIPROC_DIR"])
else:
    _made_here.append(tempfile.mkdtemp(prefix="prometheus-"))
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = _made_here[0]


def on_exit(server):
    for directory in _made_here:
        shutil.rmtree(directory, ignore_errors=True)


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
