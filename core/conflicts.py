"""Two requests racing to create the same row: the database's unique key decides, nobody gets a 500.

A double-tapped Send, two devices, a provider retrying before our first answer: both requests
find nothing, both insert, and the unique key lets one commit. The other rolls back whole (so
nothing of it is half-applied) and runs again, now seeing the winner's row, as a request that
came a moment later would. No savepoints: SQLite's driver commits at the release of a savepoint
that opened the transaction, which would commit half of the work.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)
T = TypeVar("T")


def _lost_race(error: Exception) -> bool:
    """A unique key taken meanwhile, or SQLite's one writer busy past its wait."""
    return isinstance(error, IntegrityError) or "database is locked" in str(error)


def commit_once(session: Session, apply: Callable[[], T], tries: int = 5) -> T:
    """Run `apply()` and commit; when a concurrent request won the race, roll back and run it again."""
    for attempt in range(1, tries + 1):
        try:
            result = apply()
            session.commit()
            return result
        except (IntegrityError, OperationalError) as error:
            session.rollback()
            if attempt == tries or not _lost_race(error):
                raise
            log.info("concurrent write lost the race (try %s of %s): running it again", attempt, tries)
            time.sleep(0.05 * attempt)  # let the winner finish its commit
    raise AssertionError("unreachable")
