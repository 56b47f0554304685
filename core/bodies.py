"""Webhook bodies are measured and checked as text before any endpoint looks at them.

A chunked body has no Content-Length, and werkzeug silently cuts such a stream at
MAX_CONTENT_LENGTH: the endpoint then saw a truncated body and answered 401 (its signature no
longer matched) instead of 413. So one byte more than the limit is read, and a body that has it
is refused. Every body our senders sign is UTF-8 (JSON, or Twilio's form fields); one that is
not is refused with 400 before any signature is computed over it. Done here, once, so every
endpoint under /webhooks/ (present and future) answers alike.
"""

from __future__ import annotations

import logging

from flask import Flask, current_app, request

from core.problems import problem

log = logging.getLogger(__name__)


def register(app: Flask) -> None:
    @app.before_request
    def check_webhook_body():
        if request.method != "POST" or not request.path.startswith("/webhooks/"):
            return None
        limit = current_app.config["MAX_CONTENT_LENGTH"]
        if request.content_length is not None and request.content_length > limit:
            return _refuse(413, f"body over {limit // 1024} KiB")
        request.max_content_length = limit + 1
        body = request.get_data(cache=True)
        if len(body) > limit:
            return _refuse(413, f"body over {limit // 1024} KiB")
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            return _refuse(400, "body is not UTF-8 text")
        return None


def _refuse(status: int, detail: str):
    log.info("webhook %s refused %s: %s", request.path, status, detail)
    return problem(status, detail)
