"""Delivery failures, split into "try again later" (and when) and "stop trying".

The outbox only needs one decision from a failed send: retry or give up (and, for an
unsubscribed phone, opt the customer out). The channel adapters translate their
library's exceptions into these classes so that decision lives in one place, and the
`reason` is built from codes only (never server text, which can echo an address or the
message) so it is safe to log and to show an operator.
"""

from __future__ import annotations

import random
from datetime import timedelta


class DeliveryError(Exception):
    """A send that did not reach the provider's queue."""

    def __init__(
        self,
        reason: str,
        *,
        permanent: bool,
        code: int | None = None,
        opt_out: bool = False,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent
        self.code = code
        self.opt_out = opt_out


class TransientError(DeliveryError):
    """Nothing is wrong with the recipient; the same send may work later."""

    def __init__(self, reason: str, *, code: int | None = None) -> None:
        super().__init__(reason, permanent=False, code=code)


class PermanentError(DeliveryError):
    """Retrying cannot help: the recipient or the message itself was refused."""

    def __init__(self, reason: str, *, code: int | None = None, opt_out: bool = False) -> None:
        super().__init__(reason, permanent=True, code=code, opt_out=opt_out)


def smtp_reply_error(code: int, stage: str) -> DeliveryError:
    """Classify an SMTP reply `code` to `stage` ("recipient", "data", "sender", ...).

    Only a 5xx about the recipient or the message is final. A 5xx to our MAIL FROM or
    HELO, like a failed login, is our own configuration: every customer would get it,
    so it stays transient and the queued mail goes out once an operator fixes it.
    """
    reason = f"smtp {code} on {stage}"
    if code >= 500 and stage in ("recipient", "data"):
        return PermanentError(reason, code=code)
    return TransientError(reason, code=code)


# Twilio error codes (https://www.twilio.com/docs/errors/<code>) that say this number
# will never take our SMS.
_TWILIO_PERMANENT = {
    21211: "invalid to number",
    21408: "region not enabled",
    21612: "number not reachable by sms",
    21614: "not a mobile number",
    30004: "message blocked",
    30005: "unknown destination",
    30006: "landline or unreachable carrier",
}
# Carrier and queue trouble that clears up on its own.
_TWILIO_TRANSIENT = {
    20429: "too many requests",
    30001: "queue overflow",
    30002: "account suspended",
    30003: "unreachable handset",
    30007: "carrier filtered",
    30008: "unknown error",
    30009: "missing segment",
    30010: "price exceeds max price",
}
_TWILIO_AUTH_FAILED = 20003
_TWILIO_UNSUBSCRIBED = 21610


def twilio_error(status: int | None, code: int | None) -> DeliveryError:
    """Classify a Twilio failure by its HTTP status and Twilio error code.

    `status` is None for codes that arrive later in a status callback. A rejected login
    (401/20003) is transient for the same reason as SMTP auth: it is our configuration,
    not the customer's number. Any other 4xx is permanent so a bad request is not
    resent forever.
    """
    if code == _TWILIO_UNSUBSCRIBED:
        return PermanentError("twilio 21610 unsubscribed", code=code, opt_out=True)
    if code in _TWILIO_PERMANENT:
        return PermanentError(f"twilio {code} {_TWILIO_PERMANENT[code]}", code=code)
    if code in _TWILIO_TRANSIENT:
        return TransientError(f"twilio {code} {_TWILIO_TRANSIENT[code]}", code=code)
    if code == _TWILIO_AUTH_FAILED or status == 401:
        return TransientError(f"twilio {code or 401} authentication failed", code=code)
    if status is None:
        return TransientError(f"twilio {code}", code=code)
    # Without a JSON error body the client reports the HTTP status as the code.
    label = f"twilio {code}" if code is not None and code != status else "twilio"
    if status == 429 or status >= 500:
        return TransientError(f"{label} http {status}", code=code)
    return PermanentError(f"{label} http {status}", code=code)


def backoff(attempts: int, rng: random.Random | None = None) -> timedelta:
    """30 s doubling per failed attempt, capped at an hour, then jittered down by up to half.

    The jitter spreads the retries of a burst that failed together (a provider outage), so they
    do not all hit the provider again in the same second when it comes back.
    """
    base = min(30 * 2 ** max(attempts - 1, 0), 3600)
    return timedelta(seconds=base * (rng or random).uniform(0.5, 1.0))
