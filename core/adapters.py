"""The outside world the app talks to, built once in `create_app` and looked up by views and jobs."""

from __future__ import annotations

from dataclasses import dataclass, field
from random import Random, SystemRandom

from flask import current_app

from core.clock import Clock
from notify.mail import Mailer
from notify.sms import SmsSender
from notify.voice import CallPlacer
from notify.webhook import EventSender


@dataclass
class Adapters:
    clock: Clock
    mailer: Mailer
    sms: SmsSender | None
    events: EventSender | None = None
    voice: CallPlacer | None = None
    # Where random draws come from (the weekly spot checks): the OS's by default, seeded in tests.
    rng: Random = field(default_factory=SystemRandom)


def adapters() -> Adapters:
    return current_app.extensions["adapters"]
