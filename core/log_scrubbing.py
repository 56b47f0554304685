"""No secret in a log line: bearer secrets are replaced before any handler writes a record.

Survey links (`/s/<token>`) and API tokens are bearer secrets, and webhook signatures let a
reader replay a delivery; any of them can reach a log inside a URL (gunicorn's access log,
"Exception on /s/... [POST]"), an exception's text or a traceback. The filter sits on the
handlers (ours and gunicorn's), so it sees every record whichever logger sent it, and rewrites
the message and any traceback. A URL keeps its shape (`/s/[redacted]`) so a line still says
which route failed.
"""

from __future__ import annotations

import logging
import re

REDACTED = "[redacted]"
PATTERNS = [
    # A long random-looking URL path segment: survey tokens and any future link token.
    (re.compile(r"(?<=/)(?=[\w-]*\d)(?=[\w-]*[A-Za-z])[A-Za-z0-9_-]{16,}(?![\w-])", re.ASCII), REDACTED),
    (re.compile(r"(?i)([?&](?:token|signature|sig|key|code|secret)=)[^&\s\"']+"), r"\1" + REDACTED),
    (re.compile(r"(?i)(bearer\s+)[^\s\"',]+"), r"\1" + REDACTED),
    (re.compile(r"\bcs_[A-Za-z0-9_-]{16,}"), REDACTED),  # API tokens (followup/users.py)
    (re.compile(r"\bwhsec_[A-Za-z0-9+/=]+"), REDACTED),
    (re.compile(r"\bv1,[A-Za-z0-9+/]{20,}={0,2}"), "v1," + REDACTED),  # Standard Webhooks
    (re.compile(r"(?i)\bsha(?:1|256)=[0-9a-f]{40,64}\b"), "sha=" + REDACTED),  # Jira, GitHub style
    (re.compile(r"(?i)(signature[\"']?\s*[:=]\s*[\"']?)[A-Za-z0-9+/=_-]{16,}"), r"\1" + REDACTED),
]


def scrub(text: str) -> str:
    for pattern, replacement in PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class SecretScrubber(logging.Filter):
    """Rewrites each record's message and traceback with the secrets replaced; never drops one."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = scrub(message)
        if clean != message:
            record.msg, record.args = clean, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = scrub(record.exc_text)
        if record.stack_info:
            record.stack_info = scrub(record.stack_info)
        return True


def install(*loggers: logging.Logger) -> None:
    """Put the filter on every handler of these loggers (the root logger when none is given)."""
    for logger in loggers or (logging.getLogger(),):
        for handler in logger.handlers:
            if not any(isinstance(f, SecretScrubber) for f in handler.filters):
                handler.addFilter(SecretScrubber())
