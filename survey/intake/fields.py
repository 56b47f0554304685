"""Reading untrusted webhook JSON into plain values while collecting every problem.

A ticket-system admin fixes a broken trigger body faster when one 422 names every bad field at
once, so `Reader` records each problem under its dotted path and carries on with "nothing
there"; the parser calls `check()` once it has read all it needs. A child of a missing or
malformed object is skipped rather than reported, so the answer names the cause, not its echoes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, datetime

from survey.intake.events import PayloadError

Obj = Mapping[str, object]


def parse_datetime(text: str) -> datetime:
    """ISO 8601 to an aware UTC datetime; a time without an offset is taken as UTC.

    Raises ValueError, including for offsets that push the instant outside datetime's range.
    """
    try:
        value = datetime.fromisoformat(text.strip())
        return value.replace(tzinfo=value.tzinfo or UTC).astimezone(UTC)
    except OverflowError as exc:
        raise ValueError(str(exc)) from exc


def dig(payload: object, *keys: str) -> object:
    """A nested value, or None when any step is missing or not an object (for keys, not checks)."""
    for key in keys:
        if not isinstance(payload, Mapping):
            return None
        payload = payload.get(key)
    return payload


def derived_delivery_id(source: str, *parts: object) -> str:
    """A stable idempotency key when the system sends none: same parts, same key, any process."""
    canonical = json.dumps([source, *parts], sort_keys=True, default=str)
    return "derived-" + hashlib.sha256(canonical.encode()).hexdigest()


def root(payload: object) -> Obj:
    """The top-level object; nothing else can be read from a body that is not one."""
    if not isinstance(payload, Mapping):
        raise PayloadError({"body": "must be a JSON object"})
    return payload


class Reader:
    """Typed reads of one payload; every method takes the field's full dotted path."""

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def fail(self, path: str, message: str) -> None:
        self.errors.setdefault(path, message)

    def check(self) -> None:
        if self.errors:
            raise PayloadError(dict(self.errors))

    def _get(self, parent: Obj | None, path: str, required: bool) -> object:
        value = None if parent is None else parent.get(path.rsplit(".", 1)[-1])
        if isinstance(value, str) and not value.strip():
            value = None  # template placeholders render empty values as ""
        if value is None and required and parent is not None:
            self.fail(path, "is required")
        return value

    def obj(self, parent: Obj | None, path: str, *, required: bool = False) -> Obj | None:
        value = self._get(parent, path, required)
        if value is None or isinstance(value, Mapping):
            return value
        self.fail(path, "must be an object")
        return None

    def objects(self, parent: Obj | None, path: str) -> list[Obj]:
        """An optional array of objects; each bad element is named by its index."""
        value = self._get(parent, path, required=False)
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(path, "must be an array")
            return []
        found = [item for item in value if isinstance(item, Mapping)]
        for index, item in enumerate(value):
            if not isinstance(item, Mapping):
                self.fail(f"{path}.{index}", "must be an object")
        return found

    def text(self, parent: Obj | None, path: str, *, required: bool = False) -> str | None:
        value = self._get(parent, path, required)
        if value is None or isinstance(value, str):
            return value.strip() if value else None
        self.fail(path, "must be a string")
        return None

    def ident(self, parent: Obj | None, path: str, *, required: bool = False) -> str | None:
        """Ids arrive as strings from templates and as integers from APIs; both mean the same."""
        value = self._get(parent, path, required)
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        if value is None or isinstance(value, str):
            return value.strip() if value else None
        self.fail(path, "must be a string or integer")
        return None

    def instant(self, parent: Obj | None, path: str, *, required: bool = False) -> datetime | None:
        raw = self.text(parent, path, required=required)
        if raw is None:
            return None
        try:
            return parse_datetime(raw)
        except ValueError:
            self.fail(path, "must be an ISO 8601 date-time")
            return None

    def millis(self, parent: Obj | None, path: str) -> datetime | None:
        """An optional Unix time in milliseconds, as Jira stamps its events."""
        value = self._get(parent, path, required=False)
        if value is None:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            try:
                return datetime.fromtimestamp(value / 1000, tz=UTC)
            except (OverflowError, OSError, ValueError):
                pass
        self.fail(path, "must be a Unix time in milliseconds")
        return None
