"""A team's judged answers with chosen scores: the seeded set the quality and calibrate tests read.

Answers go through the real intake and assessment; their stored `unhappiness` and reading are
then set to the values below, so the expected figures can be worked out by hand.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from core.extensions import db
from followup.attempts import log_attempt
from followup.feedback_models import SpotCheck, SpotCheckDraw
from followup.tasks import open_for, policy_from_config
from followup.users import find_by_email
from tests.support import factories

# (unhappiness, rating, read as unhappy, what a call's verdict or a spot check found, comment)
SEEDED = [
    (0.9, 4, True, "unhappy", "The engineer never came"),
    (0.6, 3, True, "false_alarm", "ok I guess"),
    (0.55, 4, True, "partly", "Took a while"),
    (0.7, 4, True, None, "Slow again"),
    (0.4, 4, False, "unhappy", "Fine, whatever"),
    (0.2, 5, False, "fine", "Great, thanks"),
    (0.1, 5, False, None, "Lovely"),
    (0.1, 5, False, None, "Perfect"),
    (0.3, 5, False, None, "Good"),
    (0.45, 5, False, None, "Sorted"),
]


def seed_judged_answers(app, now: datetime, manager_email: str) -> None:
    """SEEDED answered over the last days before `now`; calls and spot checks the day before it."""
    with app.app_context():
        manager = find_by_email(db.session, manager_email)
        policy = policy_from_config(app.config)
        draw = SpotCheckDraw(week_start=(now - timedelta(days=7)).date(), population=6, drawn_at=now)
        db.session.add(draw)
        db.session.flush()
        for i, (score, rating, flagged, found, comment) in enumerate(SEEDED):
            answered = now - timedelta(days=5, hours=i)
            response = factories.answer(answered, rating, comment)
            response.assessment.unhappiness, response.assessment.unhappy = score, flagged
            if found is None:
                continue
            if flagged:
                task = open_for(db.session, response, response.assessment, policy, "UTC", answered)
                log_attempt(
                    db.session, task, user=manager, outcome="reached", note=f"Called about: {comment}",
                    callback_at=None, policy=policy, default_tz="UTC", now=now - timedelta(days=1),
                    verdict=found, topic="waiting" if found != "false_alarm" else "other",
                )  # fmt: skip
            else:
                db.session.add(
                    SpotCheck(
                        draw_id=draw.id, response_id=response.id, label=found,
                        reviewed_by=manager.id, reviewed_at=now - timedelta(days=1),
                    )
                )  # fmt: skip
        db.session.commit()
