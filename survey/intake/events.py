"""The one shape every ticket system's webhook is turned into.

Each intake module (generic, zendesk, jira, freshdesk) parses its own payload into these plain
values, so the rules that follow (idempotency, throttle, opt-out, delay) are written once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


class SignatureError(Exception):
    """The request is not provably from the ticket system: answer 401 and store nothing."""


class PayloadError(Exception):
    """The payload is JSON but not the shape we need; `errors` maps each bad field to why."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class Agent:
    name: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class CustomerInfo:
    external_id: str | None
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    timezone: str | None = None
    language: str | None = None


@dataclass(frozen=True)
class TicketClosed:
    """A ticket reached its final state; `status` is the system's own word for it."""

    source: str
    ticket_id: str
    subject: str
    status: str
    closed_at: datetime | None
    customer: CustomerInfo
    agent: Agent = field(default_factory=Agent)
    is_closed: bool = True


@dataclass(frozen=True)
class TicketReopened:
    source: str
    ticket_id: str


@dataclass(frozen=True)
class Ignored:
    """An event we do not act on (another type, another transition); answered 200 ignored."""

    reason: str


TicketEvent = TicketClosed | TicketReopened | Ignored
