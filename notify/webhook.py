"""Outbound events to the ticket system, signed the same way we ask ticket systems to sign.

Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature) lets the receiver check
the sender and drop a repeat: the webhook-id is the outbox row's key, so a retry of the same
event carries the same id.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

import requests
from standardwebhooks.webhooks import Webhook

from notify.errors import DeliveryError, PermanentError, TransientError


@dataclass(frozen=True)
class Event:
    type: str
    data: dict


class EventSender(Protocol):
    def send(self, event: Event, event_id: str) -> str: ...


class WebhookSender:
    def __init__(self, url: str, secret: str, timeout: float = 10) -> None:
        self.url = url
        self.signer = Webhook(secret)
        self.timeout = timeout

    def send(self, event: Event, event_id: str) -> str:
        now = datetime.now(UTC)
        body = json.dumps({"type": event.type, "timestamp": now.isoformat(), "data": event.data})
        headers = {
            "content-type": "application/json",
            "webhook-id": event_id,
            "webhook-timestamp": str(int(now.timestamp())),
            "webhook-signature": self.signer.sign(event_id, now, body),
        }
        try:
            answer = requests.post(self.url, data=body.encode(), headers=headers, timeout=self.timeout)
        except requests.RequestException as exc:
            raise TransientError(f"webhook {type(exc).__name__}") from exc
        if answer.ok:
            return event_id
        raise _refused(answer.status_code)


def _refused(status: int) -> DeliveryError:
    """Rate limits, timeouts and server errors pass; any other 4xx means the receiver said no."""
    if status in (408, 409, 425, 429) or status >= 500:
        return TransientError(f"webhook http {status}", code=status)
    return PermanentError(f"webhook http {status}", code=status)
