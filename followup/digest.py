"""The weekly keep-in-touch digest: each manager hears who has gone quiet and whose birthday is near.

Optional (TOUCH_DIGEST=email|sms, off by default). One outbox row per manager per ISO week,
due at the start of the manager's business hours on TOUCH_DIGEST_DAY, so several workers
planning at once still send one digest, and it never lands at night.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from followup.business_hours import BusinessHours, load_zone, next_open, valid_timezone
from followup.models import User
from followup.touch_ranking import quiet_customers
from followup.touches import upcoming_dates
from notify.kinds import Kind, Registry
from notify.mail import EmailMessage
from notify.models import OutboxMessage
from notify.outbox import enqueue

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
SHOWN = 5


def queue_digests(session: Session, now: datetime, mode: str, day: str, hours: BusinessHours,
                  default_tz: str, sms_enabled: bool) -> int:  # fmt: skip
    if mode == "off":
        return 0
    queued = 0
    for user in session.scalars(select(User).where(User.active, User.role == "manager")):
        tz = valid_timezone(user.timezone, default_tz)
        local = now.astimezone(load_zone(tz))
        if DAYS[local.weekday()] != day:
            continue
        channel, recipient = (
            ("sms", user.phone) if mode == "sms" and user.phone and sms_enabled else ("email", user.email)
        )
        year, week, _ = local.isocalendar()
        queued += enqueue(
            session, kind="touch_digest", ref_id=user.id, channel=channel, recipient=recipient,
            due_at=next_open(now, tz, hours), dedupe_key=f"digest:{user.id}:{year}-W{week:02d}", now=now,
        )  # fmt: skip
    return queued


def register(registry: Registry, base_url: str, touch_days: int, sender: str) -> None:
    def render(session: Session, message: OutboxMessage) -> EmailMessage | str | None:
        user = session.get(User, message.ref_id)
        if user is None or not user.active:
            return None
        quiet = quiet_customers(session, message.due_at, touch_days)
        upcoming = upcoming_dates(session, message.due_at.date(), days=7)
        names = ", ".join(row.customer.name or row.customer.email or "?" for row in quiet[:SHOWN])
        text = f"Keep in touch: {len(quiet)} customers not touched for {touch_days} days"
        text += f" ({names}{', …' if len(quiet) > SHOWN else ''})" if quiet else ""
        if upcoming:
            text += ". Birthdays this week: " + ", ".join(f"{c.name} {d:%a}" for c, _, d in upcoming[:SHOWN])
        text += f". {base_url}/touch"
        if message.channel == "sms":
            return text
        return EmailMessage(
            to=message.recipient, subject="This week: keep in touch", text=text, sender=sender
        )

    registry.add("touch_digest", Kind(render=render))
