"""What the worker needs to know about each kind of outbox message, registered by its owner.

survey/ and followup/ each register their kinds (how to render one, what to do once sent or
when the recipient opted out); notify/ only delivers, and so never imports them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from notify.mail import EmailMessage
from notify.models import OutboxMessage
from notify.webhook import Event

# A renderer turns a row into what to send now (EmailMessage for email, text for SMS), or None
# when the message is no longer wanted (the survey was answered, the task closed).
Content = EmailMessage | Event | str
Renderer = Callable[[Session, OutboxMessage], Content | None]
Hook = Callable[[Session, OutboxMessage, datetime], None]
# Called once per committed group with the messages of its kind that went out.
SentHook = Callable[[Session, list[OutboxMessage], datetime], None]


@dataclass(frozen=True)
class Subject:
    """Who and what a message is about, for the outbox pages: the customer, the follow-up task
    if any, and a few words ("survey for T-1001 Printer offline")."""

    about: str
    customer_id: int | None = None
    customer_name: str | None = None
    task_id: int | None = None


# Says, in one query, what each of these `ref_id`s is about (a ref_id left out: nothing to say).
Describe = Callable[[Session, list[int]], dict[int, Subject]]
# Loads, in one query, what the renderer will need for these `ref_id`s; returns the objects so
# the batch holds them (the session's identity map alone would let them be collected).
Prefetch = Callable[[Session, list[int]], Sequence[object]]


@dataclass
class Kind:
    render: Renderer
    on_sent: SentHook | None = None
    on_opt_out: Hook | None = None
    prefetch: Prefetch | None = None
    describe: Describe | None = None


@dataclass
class Registry:
    kinds: dict[str, Kind] = field(default_factory=dict)

    def add(self, name: str, kind: Kind) -> None:
        self.kinds[name] = kind

    def prefetch(self, session: Session, messages: Sequence[OutboxMessage]) -> list[object]:
        """Load what rendering these messages needs, one query per kind; hold the result for
        as long as they are being sent."""
        refs: dict[str, list[int]] = {}
        for message in messages:
            refs.setdefault(message.kind, []).append(message.ref_id)
        held: list[object] = []
        for name, ref_ids in refs.items():
            kind = self.kinds.get(name)
            if kind is not None and kind.prefetch is not None:
                held.extend(kind.prefetch(session, ref_ids))
        return held

    def describe(self, session: Session, messages: Sequence[OutboxMessage]) -> dict[int, Subject]:
        """What each message is about, by message id; one query per kind."""
        refs: dict[str, list[int]] = {}
        for message in messages:
            refs.setdefault(message.kind, []).append(message.ref_id)
        described: dict[str, dict[int, Subject]] = {}
        for name, ref_ids in refs.items():
            kind = self.kinds.get(name)
            if kind is not None and kind.describe is not None:
                described[name] = kind.describe(session, sorted(set(ref_ids)))
        return {
            message.id: subject
            for message in messages
            if (subject := described.get(message.kind, {}).get(message.ref_id)) is not None
        }
