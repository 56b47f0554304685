"""The checks every intake module's `verify` is built from.

Every comparison with a secret-derived value goes through `hmac.compare_digest`, so response
timing says nothing about how much of a forged signature was right. Freshness is judged against
the `now` the caller passes, so replays are refused by the same clock the rest of the request
uses and tests need no sleeping or clock patching.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from datetime import datetime, timedelta

from survey.intake.events import SignatureError

TOLERANCE = timedelta(minutes=5)


def header(headers: Mapping[str, str], name: str) -> str:
    """A required header, found whatever the case of its name (a plain dict is not forgiving)."""
    value = optional_header(headers, name)
    if value is None:
        raise SignatureError(f"missing {name} header")
    return value


def optional_header(headers: Mapping[str, str], name: str) -> str | None:
    wanted = name.lower()
    for key, value in headers.items():
        if key.lower() == wanted and value.strip():
            return value.strip()
    return None


def equal(expected: str | bytes, given: str | bytes) -> bool:
    """Constant-time equality; str is encoded first because compare_digest refuses non-ASCII str."""
    if isinstance(expected, str):
        expected = expected.encode()
    if isinstance(given, str):
        given = given.encode()
    return hmac.compare_digest(expected, given)


def require_equal(expected: str | bytes, given: str | bytes) -> None:
    if not equal(expected, given):
        raise SignatureError("signature does not match")


def hmac_sha256(secret: str | bytes, message: bytes) -> bytes:
    """HMAC-SHA256 keyed by the secret; an empty key would let anyone sign, so it is refused."""
    if not secret:
        raise SignatureError("no secret configured")
    key = secret.encode() if isinstance(secret, str) else secret
    return hmac.new(key, message, hashlib.sha256).digest()


def check_fresh(sent_at: datetime, now: datetime, tolerance: timedelta = TOLERANCE) -> None:
    """Refuse a signed timestamp too far from now either way: a replay, or a badly set clock."""
    if abs(now - sent_at) > tolerance:
        raise SignatureError("timestamp outside tolerance")
