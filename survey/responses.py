"""Recording an answer and assessing it, in the caller's transaction.

The answer, its assessment and whatever the follow-up side does about it (a task for an
unhappy answer) commit together: if the request fails, none of it happened.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session, joinedload

from notify.outbox import cancel_pending
from survey import tokens
from survey.models import TAP_DISCARDED, TAP_HELD, Assessment, Response, Survey, Tap
from survey.sentiment import DEFAULT_THRESHOLD, assess
from survey.signals import response_assessed

log = logging.getLogger(__name__)

MAX_COMMENT = 5000


class SurveyClosed(Exception):
    """The survey can no longer take answers (expired or cancelled)."""


# What the customer's pages use of a survey, read with it in one query: the page, its customer's
# language, the ticket it names and any earlier answer (whose assessment an answer replaces).
_SURVEY_PAGE = select(Survey).options(
    joinedload(Survey.customer),
    joinedload(Survey.ticket),
    joinedload(Survey.response).joinedload(Response.assessment),
)


def find_survey(session: Session, token: str) -> Survey | None:
    survey = session.scalar(_SURVEY_PAGE.where(Survey.token_hash == tokens.token_hash(token)))
    if survey is None or not tokens.matches(token, survey.token_hash):
        return None
    return survey


def is_open(survey: Survey, now: datetime) -> bool:
    return survey.status in ("scheduled", "sent", "answered") and now < survey.expires_at


def record_answer(
    session: Session,
    survey: Survey,
    *,
    rating: int | None,
    comment: str,
    channel: str,
    now: datetime,
    threshold: float = DEFAULT_THRESHOLD,
) -> Response:
    """Store the answer and its assessment; `threshold` is ASSESSMENT_THRESHOLD, which every
    request and job passes from the app's config."""
    if not is_open(survey, now):
        raise SurveyClosed(survey.status)
    comment = (comment or "").strip()[:MAX_COMMENT]
    response = survey.response
    if response is None:
        response = Response(survey=survey, channel=channel, created_at=now)
        session.add(response)
        assessment = None  # known without asking the database
    else:
        assessment = response.assessment  # loaded with the survey
    response.rating, response.comment, response.updated_at = rating, comment, now
    survey.status = "answered"
    cancel_pending(session, "survey_reminder", survey.id, "answered")
    # An answer given now supersedes the one-tap ratings still held for the survey (survey/taps.py).
    session.execute(
        update(Tap).where(Tap.survey_id == survey.id, Tap.state == TAP_HELD).values(state=TAP_DISCARDED)
    )

    result = assess(comment, rating, threshold)
    if not result.assessed:
        if assessment is not None:
            session.delete(assessment)
        session.flush()
        return response
    if assessment is None:
        assessment = Assessment(response=response)
        session.add(assessment)
    assessment.unhappy = result.unhappy
    assessment.unhappiness = round(result.unhappiness, 4)
    assessment.polarity = round(result.polarity, 4)
    assessment.reasons = list(result.reasons)
    assessment.assessed_at = now
    session.flush()
    log.info("survey %s answered via %s, unhappy=%s", survey.id, channel, result.unhappy)
    response_assessed.send(response, assessment=assessment, session=session, now=now)
    return response
