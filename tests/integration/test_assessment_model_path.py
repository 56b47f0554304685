"""ASSESSMENT_MODEL_PATH: a team's retrained model decides which answers open a task, and a file
that is missing or malformed stops the app at start-up with the reason."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from core.extensions import db
from followup.models import FollowupTask
from tests.support.peers import local_mailer, local_sms
from tests.support.webhooks import SECRET
from tests.support.webhooks import survey_path as open_survey

PRAISE = {"rating": "4", "comment": "Quick and friendly, thank you"}


def _tasks(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(FollowupTask))


def _answer(make_app, smtp, twilio, clock, customer: int, **settings) -> int:
    """A customer (a new one each time: surveys are throttled per customer) praises the service."""
    app = make_app(
        mailer=local_mailer(smtp),
        sms=local_sms(twilio),
        WEBHOOK_SECRET=SECRET,
        WTF_CSRF_ENABLED=False,
        **settings,
    )
    client = app.test_client()
    person = {"id": f"C-{customer}", "email": f"c{customer}@example.com", "phone": f"+1555123450{customer}"}
    assert (
        client.post(open_survey(app, client, clock, f"T-{customer}", **person), data=PRAISE).status_code
        == 303
    )
    return _tasks(app)


def test_the_teams_model_file_decides_which_answers_open_a_task(make_app, smtp, twilio, clock, team_model):
    assert _answer(make_app, smtp, twilio, clock, 1) == 0

    flags_everything = team_model(shift=40.0)
    assert _answer(make_app, smtp, twilio, clock, 2, ASSESSMENT_MODEL_PATH=str(flags_everything)) == 1


@pytest.mark.parametrize(
    ("raw", "reason"),
    [(None, "cannot be read"), ("{", "not JSON"), ('{"weights": {}}', "not an assessment model")],
)
def test_a_missing_or_malformed_model_file_stops_the_start_with_the_reason(
    make_app, team_model, tmp_path, raw, reason
):
    path = team_model(raw=raw) if raw is not None else tmp_path / "missing.json"

    with pytest.raises(RuntimeError, match=reason) as refused:
        make_app(ASSESSMENT_MODEL_PATH=str(path))

    assert str(refused.value).startswith(f"ASSESSMENT_MODEL_PATH: {path}: ")
