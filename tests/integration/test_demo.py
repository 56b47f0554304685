"""`flask demo`: a newcomer's first look should be a real team's 90 days, not empty charts."""

from __future__ import annotations

import re
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from core.extensions import db
from followup.feedback_models import SpotCheck, SpotCheckDraw
from followup.models import CallAttempt, FollowupTask, User
from notify.models import PENDING, SENT, OutboxMessage
from survey.models import Response, Survey, Ticket

# The demo is the SQLite one-command start (README); its queries run on both databases elsewhere.
pytestmark = pytest.mark.one_pass("sqlite")


def test_demo_seeds_90_days_of_tickets_answers_tasks_and_calls(app, clock):
    seeded = app.test_cli_runner().invoke(args=["demo"])
    assert seeded.exit_code == 0, seeded.output
    assert re.search(r"Manager login: manager@example.com\s+Password:\s+\S{8,}", seeded.output)
    with app.app_context():
        tickets = db.session.scalar(select(func.count(Ticket.id)))
        first = db.session.scalar(select(func.min(Ticket.closed_at)))
        agents = db.session.scalars(select(Ticket.agent_email).distinct()).all()
        ratings = Counter(db.session.scalars(select(Response.rating).where(Response.comment != "")))
        tasks = db.session.scalars(select(FollowupTask)).all()
        outcomes = Counter(db.session.scalars(select(CallAttempt.outcome)))
        roles = Counter(db.session.scalars(select(User.role)))
        surveys = Counter(db.session.scalars(select(Survey.status)))
        invites = Counter(db.session.scalars(select(OutboxMessage.status)))
        verdicts = Counter(
            db.session.scalars(select(CallAttempt.verdict).where(CallAttempt.outcome == "reached"))
        )
        checks = Counter(db.session.scalars(select(SpotCheck.label)))
        drawn_weeks = db.session.scalar(select(func.count(SpotCheckDraw.id)))
    assert tickets >= 300 and clock.now() - first >= timedelta(days=85)
    assert len(agents) == 3 and roles == {"manager": 1, "agent": 3}
    assert set(ratings) == {1, 2, 3, 4, 5}  # every rating, with comments
    assert len(tasks) >= 25
    assert {t.status for t in tasks} == {"open", "closed"}
    assert any(t.escalated for t in tasks) and any(t.status == "open" and not t.escalated for t in tasks)
    assert {"reached", "no_answer", "voicemail", "busy"} <= set(outcomes)
    # The past was sent back then; the last day's surveys wait for the worker.
    assert surveys["sent"] > 100 and surveys["answered"] > 100 and surveys["scheduled"] >= 2
    assert invites[SENT] > 200 and invites[PENDING] >= 2
    # A team using the feedback loop: verdicts on most reached calls, spot checks read but the newest.
    assert {"unhappy", "partly", "false_alarm", None} <= set(verdicts) and verdicts[
        None
    ] < verdicts.total() / 2
    assert drawn_weeks == 6 and checks["fine"] > checks["unhappy"] >= 1 and 3 <= checks[None] < 10

    again = app.test_cli_runner().invoke(args=["demo"])
    assert "demo data is already there" in again.output
