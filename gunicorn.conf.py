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

from gunicorn.glogging import Logger

worker_class = "gevent"
worker_connections = int(os.environ.get("GUNICORN_WORKER_CONNECTIONS", "1000"))


class ScrubbingLogger(Logger):
    """gunicorn's error and access logs, with survey tokens, API tokens and signatures replaced
    (core/log_scrubbing.py): an access log line holds the whole URL, `/s/<token>` included."""

    def setup(self, cfg):
        from core import log_scrubbing  # here, once gunicorn has put the project on sys.path

        super().setup(cfg)
        log_scrubbing.install(self.error_log, self.access_log)


logger_class = ScrubbingLogger
_made_here: list[str] = []

if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    shutil.rmtree(os.environ["PROMETHEUS_MULTIPROC_DIR"], ignore_errors=True)
    os.makedirs(os.environ["PROMETHEUS_MULTIPROC_DIR"])
else:
    _made_here.append(tempfile.mkdtemp(prefix="prometheus-"))
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = _made_here[0]


def on_starting(server):
    """Several workers need shared rate-limit counts (core/rate_limits.py): refuse to start without."""
    from config import Config
    from core.rate_limits import refuse_unshared_limits

    refuse_unshared_limits(Config(), server.cfg.workers)


def on_exit(server):
    for directory in _made_here:
        shutil.rmtree(directory, ignore_errors=True)


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def post_worker_init(worker):
    """Refuse to serve with a database driver that would block the whole worker on each query, and
    load the assessment model before serving: its first use takes seconds of CPU, which in a
    request would hold up every other connection of this worker (its greenlets share a thread).

    Then everything loaded so far (the app, the model, the lexicons: some 150,000 objects that
    live as long as the worker) is moved out of the garbage collector's reach with gc.freeze().
    Otherwise each full collection walks them all, about 0.1 s, and a page that builds a few
    hundred rows triggers one every few requests: the slowest tenth of the touch list's loads."""
    import gc
    import sys

    from survey.sentiment import assess

    assess("Thanks, all good now.", 5)

    waiting = sys.modules.get("psycopg.waiting")
    monkey = sys.modules.get("gevent.monkey")
    patched = monkey is not None and monkey.is_module_patched("select")
    if patched and waiting is not None and waiting.wait is getattr(waiting, "wait_c", None):
        raise RuntimeError("psycopg was imported before gevent patched select (--preload?): it would block")
    gc.freeze()
