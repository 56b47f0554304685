"""Rate limits that hold across workers, keyed on an address a client cannot choose.

Each gunicorn worker with `memory://` storage keeps its own counts, so "10 logins a minute"
let 10 per worker through: production shares them in Redis (`REDIS_URL`, or any storage in
`RATELIMIT_STORAGE_URI`), and gunicorn refuses to start several workers without it
(`gunicorn.conf.py` calls `refuse_unshared_limits`). The client's address is the connection's
unless `TRUSTED_PROXIES` says how many proxies of ours stand in front: only then is
`X-Forwarded-For` believed, and only that many hops of it (werkzeug's ProxyFix), since anyone
can send the header to dodge a limit or to lock someone else out.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from config import Config

RELAXED_ENVS = ("development", "testing")


def refuse_unshared_limits(config: Config, workers: int) -> None:
    """Raise when several workers would each keep their own counts outside development."""
    storage = config.RATELIMIT_STORAGE_URI or ""
    if workers > 1 and storage.startswith("memory://") and config.APP_ENV not in RELAXED_ENVS:
        raise RuntimeError(
            f"{workers} workers with rate limits in memory would each count on their own: "
            "set REDIS_URL (or RATELIMIT_STORAGE_URI) so they share them, or run one worker"
        )


def register(app: Flask) -> None:
    hops = app.config["TRUSTED_PROXIES"]
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)
