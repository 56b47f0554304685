"""ASSESSMENT_THRESHOLD reaches the assessment of every answer given on the survey page, is
logged when the app starts, and a rating of 1 or 2 stays unhappy whatever it is."""

from __future__ import annotations

import logging

import pytest

from core.extensions import db
from followup.models import FollowupTask
from survey.delivery import survey_link
from survey.models import Survey
from survey.sentiment import DEFAULT_THRESHOLD
from tests.support import factories


def answer_on_the_page(app, clock, rating: int, comment: str = "") -> tuple[bool, float, bool]:
    """(read as unhappy, unhappiness, a task was opened) of an answer posted to the survey page."""
    with app.app_context():
        survey = factories.survey(clock.now())
        db.session.commit()
        link, survey_id = survey_link("", factories.SETTINGS.secret_key, survey), survey.id
    assert app.test_client().post(link, data={"rating": str(rating), "comment": comment}).status_code == 303
    with app.app_context():
        response = db.session.get(Survey, survey_id).response
        assessment = response.assessment
        tasked = db.session.query(FollowupTask).filter_by(response_id=response.id).count() == 1
        return assessment.unhappy, assessment.unhappiness, tasked


def test_the_threshold_in_the_settings_decides_who_gets_a_call(make_app, clock):
    low = make_app(ASSESSMENT_THRESHOLD=0.01, WTF_CSRF_ENABLED=False)
    unhappy, score, tasked = answer_on_the_page(low, clock, 3)
    assert unhappy and tasked and 0.01 < score < 0.99
    high = make_app(ASSESSMENT_THRESHOLD=0.99, WTF_CSRF_ENABLED=False)
    assert answer_on_the_page(high, clock, 3) == (False, score, False)  # same score, read as fine
    unhappy, _, tasked = answer_on_the_page(high, clock, 2, "Lovely people, all sorted, thank you!")
    assert unhappy and tasked


def test_the_threshold_in_use_is_logged_at_start_up(make_app, caplog):
    with caplog.at_level(logging.INFO, logger="wsgi"):
        make_app(ASSESSMENT_THRESHOLD=0.42)
    assert f"assessment threshold 0.42 (ASSESSMENT_THRESHOLD; shipped {DEFAULT_THRESHOLD})" in caplog.text


@pytest.mark.parametrize("threshold", [0.0, 1.0, 1.5])
def test_a_threshold_outside_0_to_1_stops_the_start(make_app, threshold):
    with pytest.raises(RuntimeError, match="ASSESSMENT_THRESHOLD must be between 0 and 1"):
        make_app(ASSESSMENT_THRESHOLD=threshold)
