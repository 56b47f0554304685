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
# Loads, in one query, what the renderer will need for these `ref_id`s; returns the objects so
# the batch holds them (the session's identity map alone would let them be collected).
Prefetch = Callable[[Session, list[int]], Sequence[object]]


@dataclass
class Kind:
    render: Renderer
    on_sent: SentHook | None = None
    on_opt_out: Hook | None = None
    prefetch: Prefetch | None = None


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
