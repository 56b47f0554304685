"""One tap is an answer; a mail scanner's clicks are not.

A rating link opened in a browser shows the survey page, whose own script (core/static/tap.js)
posts the rating back once the page is shown: a GET or HEAD alone, what most scanners send,
records nothing. Scanners that run scripts open every link of a message within seconds, so a
tap is held for a window (a minute) and recorded only if no other rating of the same survey was
tapped within that window either side; a burst of different ratings is discarded whole. The held
tap is a row with a due time, so the worker records it even after the customer closed the page,
and any answer sent with the form (Send) supersedes it at once (see `responses.record_answer`).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from survey.models import TAP_DISCARDED, TAP_HELD, TAP_RECORDED, Survey, Tap
from survey.responses import SurveyClosed, is_open, record_answer

log = logging.getLogger(__name__)


def hold_tap(session: Session, survey: Survey, rating: int, now: datetime, window: timedelta) -> Tap:
    """Keep a tap until its window has passed (`settle_taps` decides then)."""
    if not is_open(survey, now):
        raise SurveyClosed(survey.status)
    tap = Tap(survey_id=survey.id, rating=rating, state=TAP_HELD, tapped_at=now, due_at=now + window)
    session.add(tap)
    session.flush()
    return tap


def settle_taps(
    session: Session, now: datetime, window: timedelta, threshold: float, limit: int = 200
) -> int:
    """Record each due tap that no other rating followed or preceded within the window; discard
    the rest. Returns how many answers were recorded. Claimed with SKIP LOCKED, so workers
    running side by side settle each tap once."""
    due = session.scalars(
        select(Tap)
        .where(Tap.state == TAP_HELD, Tap.due_at <= now)
        .order_by(Tap.due_at, Tap.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    recorded = 0
    for tap in due:
        if tap.state != TAP_HELD:  # settled with an earlier tap of the same survey in this batch
            continue
        if _in_a_burst(session, tap, window):
            tap.state = TAP_DISCARDED
            log.info("survey %s: tap discarded, other ratings within %s", tap.survey_id, window)
            continue
        survey = session.get(Survey, tap.survey_id)
        try:
            answer = survey.response if survey is not None else None
            record_answer(
                session,
                survey,
                rating=tap.rating,
                comment=answer.comment if answer is not None else "",
                channel="web",
                now=now,
                threshold=threshold,
            )
        except SurveyClosed:
            tap.state = TAP_DISCARDED
            continue
        tap.state = TAP_RECORDED  # record_answer discarded the survey's held taps, this one included
        recorded += 1
    session.flush()
    return recorded


def _in_a_burst(session: Session, tap: Tap, window: timedelta) -> bool:
    other = session.scalar(
        select(Tap.id)
        .where(
            Tap.survey_id == tap.survey_id,
            Tap.rating != tap.rating,
            Tap.tapped_at > tap.tapped_at - window,
            Tap.tapped_at < tap.tapped_at + window,
        )
        .limit(1)
    )
    return other is not None
