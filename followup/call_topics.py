"""The team's list of what unhappy customers turned out to be about, edited on the settings page.

Stored like the brand settings: no rows means the shipped list. Keys are what the API and the
exports carry, so they stay put when a label is reworded; a key taken off the list stays on the
attempts that used it (shown by its key) but can no longer be chosen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from followup.feedback_models import CallTopic
from survey.models import BrandChange

MAX_TOPICS = 20
KEY = re.compile(r"[a-z][a-z0-9_]{0,39}")


@dataclass(frozen=True)
class Topic:
    key: str
    label: str


DEFAULT_TOPICS = (
    Topic("repeat_problem", "Repeat problem"),
    Topic("waiting", "Waiting"),
    Topic("agent", "The agent"),
    Topic("product", "The product"),
    Topic("billing", "Billing"),
    Topic("other", "Other"),
)


class TopicListError(ValueError):
    """The edited list cannot be used; the message is meant for the manager."""


def load(session: Session) -> tuple[Topic, ...]:
    rows = session.scalars(select(CallTopic).order_by(CallTopic.position, CallTopic.id)).all()
    return tuple(Topic(row.key, row.label) for row in rows) or DEFAULT_TOPICS


def labels(session: Session) -> dict[str, str]:
    return {topic.key: topic.label for topic in load(session)}


def choices(session: Session) -> list[tuple[str, str]]:
    """The topic select's options: none chosen first, so leaving it is a real choice."""
    return [("", "(not said)"), *((topic.key, topic.label) for topic in load(session))]


def as_text(topics: tuple[Topic, ...]) -> str:
    return "\n".join(f"{topic.key}: {topic.label}" for topic in topics)


def parse(text: str) -> tuple[Topic, ...]:
    """One topic a line, `key: Label` or just `Label` (its key made from it); blank lines skipped."""
    topics: dict[str, Topic] = {}
    for line in text.splitlines():
        key, _, label = line.partition(":") if ":" in line else ("", "", line)
        label, key = label.strip(), key.strip().lower() or _key_of(label)
        if not label:
            continue
        if not KEY.fullmatch(key):
            raise TopicListError(f"'{key}' cannot be a key: use lower-case letters, digits and _.")
        if len(label) > 80:
            raise TopicListError(f"'{label[:20]}…' is longer than 80 characters.")
        if key in topics:
            raise TopicListError(f"'{key}' is on the list twice.")
        topics[key] = Topic(key, label)
    if len(topics) > MAX_TOPICS:
        raise TopicListError(f"Keep the list to {MAX_TOPICS} topics: a call is logged in seconds.")
    return tuple(topics.values())


def save(session: Session, topics: tuple[Topic, ...], user_id: int | None, now: datetime) -> bool:
    """Replace the list (an empty one goes back to the shipped list); audited like the brand."""
    old = load(session)
    new = topics or DEFAULT_TOPICS
    if new == old:
        return False
    session.execute(delete(CallTopic))
    if new != DEFAULT_TOPICS:
        session.add_all(CallTopic(key=t.key, label=t.label, position=i) for i, t in enumerate(new))
    session.add(
        BrandChange(
            field="call topics",
            old_value=_keys(old),
            new_value=_keys(new),
            changed_by=user_id,
            changed_at=now,
        )
    )
    session.flush()
    return True


def _key_of(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", label.strip().lower()).strip("_")[:40]


def _keys(topics: tuple[Topic, ...]) -> str:
    return ", ".join(topic.key for topic in topics)[:500]
