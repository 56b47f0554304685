"""What a team that uses the feedback loop has after a few weeks: verdicts on most reached calls
and spot checks read every week but the last (left for the newcomer to read).

A random source of its own, so the demo's tickets and calls stay as they were without it.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from flask import current_app

from core.extensions import db
from followup.call_topics import DEFAULT_TOPICS
from followup.feedback_models import SpotCheck
from followup.models import User
from followup.spot_checks import draw_week, mark
from followup.tasks import policy_from_config

VERDICT_WEIGHTS = {"unhappy": 0.55, "partly": 0.2, "false_alarm": 0.25}
SPOT_CHECK_WEEKS = 6
MISS_RATE = 0.12  # of the answers read as fine, how many a manager finds unhappy on reading


def verdict(rng: random.Random) -> tuple[str | None, str | None]:
    """A reached call's verdict and topic; one call in five is closed without them."""
    if rng.random() < 0.2:
        return None, None
    found = rng.choices(list(VERDICT_WEIGHTS), weights=list(VERDICT_WEIGHTS.values()))[0]
    topic = None if found == "false_alarm" and rng.random() < 0.5 else rng.choice(DEFAULT_TOPICS).key
    return found, topic


def spot_checks(rng: random.Random, now: datetime, manager: User, call_back) -> None:
    """The last weeks' samples, all read but the newest; `call_back(task, at)` logs the call an
    "unhappy, call them" asks for."""
    config = current_app.config
    policy, tz = policy_from_config(config), config["DEFAULT_TIMEZONE"]
    for weeks_ago in range(SPOT_CHECK_WEEKS - 1, -1, -1):
        drawn_at = now - timedelta(weeks=weeks_ago)
        draw_week(db.session, drawn_at, tz, config["SPOT_CHECK_PERCENT"], rng)
        if weeks_ago == 0:
            break
        read_at = drawn_at + timedelta(days=1)
        for check in db.session.scalars(db.select(SpotCheck).where(SpotCheck.label.is_(None))):
            label = "unhappy" if rng.random() < MISS_RATE else "fine"
            mark(db.session, check, label, manager, read_at, policy, tz)
            if check.task is not None and check.task.status == "open":
                call_back(check.task, read_at)
    db.session.commit()
