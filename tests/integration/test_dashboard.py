"""The dashboard's figures against a fixture whose every number was worked out by hand.

The period is Monday 9 to Sunday 22 November 2026 (UTC, the manager's zone): two full weeks.
Each survey below is (agent, sent, answered, rating, unhappy); `E`..`F` name the follow-up
tasks and their calls. Times are hours after the answer unless given.

    S1  Ann  9 Nov 10:00   answered  9 Nov 12:00  5  happy
    S2  Ann 10 Nov 10:00   answered 10 Nov 11:00  5  happy
    S3  Ann 11 Nov 10:00   answered 11 Nov 10:30  1  unhappy  A: no answer +2 h, reached +24 h
    S4  Bob 16 Nov 09:00   answered 16 Nov 10:00  5  unhappy  B: reached +4 h
    S5  Bob 12 Nov 09:00   answered 12 Nov 09:30  4  happy
    S6  Bob 18 Nov 09:00   answered 18 Nov 10:00  2  unhappy  C: not called yet, escalated
    S7  Ann 20 Nov 09:00   not answered
    S11 Ann 21 Nov 09:00   not answered
    S8  Bob 22 Nov 20:00   answered 23 Nov 09:00  1  unhappy  D: opened after the period, open
    S9  Ann  8 Nov 20:00   answered  9 Nov 08:00  3  unhappy  E: no answer +8 h, reached +36 h
    S10 Ann  2 Nov 10:00   answered  2 Nov 11:00  1  unhappy  F: reached +1 h (all before the period)

Ann Lee has a login ("Ann Agent"), so her tickets' tasks are hers; Bob Ray has none, so his
go to the first manager, Morgan Boss.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from core.extensions import db
from followup.attempts import log_attempt
from followup.models import FollowupTask
from followup.tasks import open_for, policy_from_config
from survey.responses import record_answer
from tests.support import factories
from tests.support.html import text

PASSWORD = "correct horse battery"
AGENTS = {"ann": "Ann Lee", "bob": "Bob Ray"}
PERIOD = "/dashboard?from=2026-11-09&to=2026-11-22"


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


def surveyed(app, agent, sent, answered=None, rating=None, comment="", unhappy=False) -> FollowupTask | None:
    survey = factories.survey(sent, agent_email=f"{agent}@example.com")
    survey.ticket.agent_name = AGENTS[agent]
    survey.status, survey.sent_at = "sent", sent
    if answered is None:
        db.session.commit()
        return None
    response = record_answer(db.session, survey, rating=rating, comment=comment, channel="web", now=answered)
    # Pinned, so these figures stay put when the assessment model is retrained.
    response.assessment.unhappy = unhappy
    if unhappy:  # joins the task the answer opened, or opens it if the model saw no unhappiness
        open_for(db.session, response, response.assessment, policy_from_config(app.config), "UTC", answered)
    db.session.commit()
    task = db.session.query(FollowupTask).filter_by(response_id=response.id).one_or_none()
    assert (task is not None) == unhappy
    return task


def calls(app, task: FollowupTask, *attempts: tuple[str, datetime]) -> None:
    for outcome, when in attempts:
        log_attempt(
            db.session,
            task,
            user=task.assignee,
            outcome=outcome,
            note="Spoke to them." if outcome == "reached" else "",
            callback_at=None,
            policy=policy_from_config(app.config),
            default_tz="UTC",
            now=when,
        )
    db.session.commit()


@pytest.fixture
def fixture(app, client, clock):
    with app.app_context():
        factories.user(clock.now(), email="boss@example.com", name="Morgan Boss")
        factories.user(clock.now(), email="ann@example.com", name="Ann Agent", role="agent")
        db.session.commit()
        good, bad, fine = "Great, thanks!", "Still broken.", "Quick and friendly, thank you."
        surveyed(app, "ann", at(9, 10), at(9, 12), 5, good)
        surveyed(app, "ann", at(10, 10), at(10, 11), 5, good)
        a = surveyed(app, "ann", at(11, 10), at(11, 10, 30), 1, bad, unhappy=True)
        calls(app, a, ("no_answer", at(11, 12, 30)), ("reached", at(12, 10, 30)))
        b = surveyed(app, "bob", at(16, 9), at(16, 10), 5, "Third time I called, still not fixed.", True)
        calls(app, b, ("reached", at(16, 14)))
        surveyed(app, "bob", at(12, 9), at(12, 9, 30), 4, fine)
        c = surveyed(app, "bob", at(18, 9), at(18, 10), 2, "Not fixed.", unhappy=True)
        c.escalated = True
        surveyed(app, "ann", at(20, 9))
        surveyed(app, "ann", at(21, 9))
        surveyed(app, "bob", at(22, 20), at(23, 9), 1, bad, unhappy=True)
        e = surveyed(app, "ann", at(8, 20), at(9, 8), 3, "Fine I guess, third time I called.", True)
        calls(app, e, ("no_answer", at(9, 16)), ("reached", at(10, 20)))
        f = surveyed(app, "ann", at(2, 10), at(2, 11), 1, bad, unhappy=True)
        calls(app, f, ("reached", at(2, 12)))
    client.post("/login", data={"email": "boss@example.com", "password": PASSWORD})
    return client


def test_survey_figures_for_two_weeks(fixture):
    page = text(fixture.get(PERIOD).text)
    assert "Dashboard: 09 Nov 2026 to 22 Nov 2026" in page
    assert "Surveys sent 9" in page  # S1-S8 and S11; S9 and S10 went out before the 9th
    assert "Response rate 78% 7 of the 9 surveys sent" in page  # S7 and S11 unanswered; S8 answered later
    # Answers given in the period: S9 3, S1 5, S2 5, S3 1, S5 4, S4 5, S6 2 (S8's came on the 23rd).
    assert "CSAT 67% 4 good, 2 bad, 1 neither" in page  # 4 / (4 + 2)
    assert "Average rating 3.6" in page  # 25 / 7 = 3.57
    assert "Unhappy answers 57% 4 of 7 answers" in page  # S9, S3, S4, S6
    assert "Unhappy despite a good rating 1" in page  # S4: rated 5
    assert "ratings of 4 and 5 are good, 1 and 2 are bad, and 3 counts as neither" in page


def test_call_times_are_median_and_90th_percentile_from_the_answer(fixture):
    page = text(fixture.get(PERIOD).text)
    # Tasks opened in the period: E, A, B, C. First calls +8, +2, +4 h; reached +36, +24, +4 h.
    assert "Unhappy customers to call 4 3 called, 3 reached" in page
    # [2, 4, 8]: median 4 h; 90th: rank 1.8 -> 4 + 0.8 * 4 = 7.2 h
    assert "Time to first call 4 h median; 90% within 7 h 12 min" in page
    # [4, 24, 36]: median 24 h; 90th: 24 + 0.8 * 12 = 33.6 h
    assert "Time to reach the customer 24 h median; 90% within 33 h 36 min" in page
    assert "Open tasks right now 2 1 escalated" in page  # C (escalated) and D, whatever the period


def test_figures_by_agent_and_by_assignee(fixture):
    page = text(fixture.get(PERIOD).text)
    # Ann: sent S1 S2 S3 S7 S11, 3 answered; answers S9 3, S1 5, S2 5, S3 1 -> 2 good 1 bad, 14 / 4.
    assert "Ann Lee (ann@example.com) 5 3 60% 67% 3.5 50% 0" in page
    # Bob: sent S4 S5 S6 S8, all answered; answers S4 5, S5 4, S6 2 -> 2 good 1 bad, 11 / 3.
    assert "Bob Ray (bob@example.com) 4 4 100% 67% 3.7 67% 1" in page
    # Ann Agent: E, A. First calls [2, 8] -> 5 h, 2 + 0.9 * 6 = 7.4 h; reached [24, 36] -> 30 h, 34.8 h.
    assert "Ann Agent 2 2 5 h 7 h 24 min 30 h 34 h 48 min 0 0" in page
    # Morgan Boss: B (4 h to both), C (not called); open now C and D, C escalated.
    assert "Morgan Boss 2 1 4 h 4 h 4 h 4 h 2 1" in page


def test_weekly_trends_are_drawn_as_inline_svg(fixture):
    html = fixture.get(PERIOD).text
    # Week of 9 Nov: S9 3, S1 5, S2 5, S3 1, S5 4 -> 3 / 4; week of 16 Nov: S4 5, S6 2 -> 1 / 2.
    assert "<title>09 Nov: 75%</title>" in html and "<title>16 Nov: 50%</title>" in html
    # Reached, by week the task opened: E 36 h and A 24 h -> 30 h; B 4 h.
    assert "<title>09 Nov: 30 h</title>" in html and "<title>16 Nov: 4 h</title>" in html
    assert 'role="img" aria-label="CSAT by week"' in html


def test_last_7_days_ends_now_and_a_zero_shows_as_zero(fixture):
    page = text(fixture.get("/dashboard?days=7").text)  # 16 Nov 15:00 to 23 Nov 15:00
    assert "Surveys sent 4" in page  # S6, S7, S11, S8
    assert "Response rate 50% 2 of the 4" in page  # S6, S8
    assert "CSAT 0% 0 good, 2 bad" in page  # S6 2, S8 1


def test_an_empty_period_shows_no_data_rather_than_zero(fixture):
    page = text(fixture.get("/dashboard?from=2026-01-05&to=2026-01-11").text)
    assert "Surveys sent 0" in page and "Response rate – " in page and "CSAT – " in page
    assert "Time to first call – " in page and "No surveys in this period." in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("days=10", "Choose the last 7, 30 or 90 days."),
        ("from=2026-11-22&to=2026-11-01", "The 'to' date comes before the 'from' date."),
        ("from=yesterday&to=2026-11-01", "Give 'from' as a date like 2026-11-01."),
    ],
)
def test_a_period_it_cannot_read_gets_a_friendly_400_page(fixture, query, message):
    answer = fixture.get("/dashboard?" + query)
    assert answer.status_code == 400
    assert "That period doesn't work" in text(answer.text) and message in text(answer.text)


def test_the_dashboard_needs_a_login(client):
    answer = client.get("/dashboard")
    assert answer.status_code == 302 and answer.headers["Location"].startswith("/login")
