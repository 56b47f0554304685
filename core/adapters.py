"""The outside world the app talks to, built once in `create_app` and looked up by views and jobs."""

from __future__ import annotations

from dataclasses import dataclass

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


def adapters() -> Adapters:
    return current_app.extensions["adapters"]
