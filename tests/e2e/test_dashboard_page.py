"""The dashboard over HTTP on the running app: real answers and a real call show up in its figures."""

from __future__ import annotations

import re

import pytest

from tests.support.factories import PASSWORD
from tests.support.html import csrf_token, text
from tests.support.journeys import answer_survey, close_ticket, log_in, survey_link, unhappy_customer
from tests.support.processes import wait_for

# The dashboard's figures through the running app on PostgreSQL, whose own SQL computes the
# call waits; tests/integration/test_dashboard*.py check the figures on both databases.
pytestmark = pytest.mark.one_pass("postgres")


def test_dashboard_counts_what_customers_and_the_manager_did(stack, smtp, manager):
    url = stack["url"]
    unhappy_customer(url, smtp, "T-2001")  # rating 2, "Still broken, third time I called."
    before = len(smtp.messages)
    close_ticket(url, "T-2002", id="C-18", name="Joe Happy", email="joe@example.com", phone="+15551234568")
    happy_link = survey_link(smtp.wait_for(before + 1, timeout=20)[before])
    assert answer_survey(happy_link, 5, "Great, thanks!").status_code == 303

    desk = log_in(url, manager, PASSWORD)
    queue = desk.get(url + "/followups", timeout=10).text
    task_path = re.search(r'href="(/followups/\d+)"', queue).group(1)
    task_page = desk.get(url + task_path, timeout=10)
    reached = desk.post(
        url + task_path + "/attempts",
        data={"csrf_token": csrf_token(task_page.text), "outcome": "reached", "note": "Spoke to Jane."},
        timeout=10,
    )
    assert "Customer reached: task closed." in text(reached.text)

    def dashboard_once_both_sent() -> str | None:
        # The worker marks a survey sent just after the mail server accepts it, so the mark
        # can land a moment after the email does.
        shown = text(desk.get(url + "/dashboard?days=7", timeout=10).text)
        return shown if "Surveys sent 2" in shown else None

    page = wait_for(dashboard_once_both_sent)
    assert "Dashboard: the last 7 days" in page
    assert "Response rate 100% 2 of the 2 surveys sent" in page
    assert "CSAT 50% 1 good, 1 bad, 0 neither" in page  # ratings 5 and 2
    assert "Average rating 3.5" in page
    assert "Unhappy answers 50% 1 of 2 answers" in page
    assert "Unhappy customers to call 1 1 called, 1 reached" in page
    assert "Open tasks right now 0 0 escalated" in page
    assert "Sam Lee (sam@example.com) 2 2 100% 50% 3.5 50% 0" in page
    assert re.search(r"Morgan 1 1 (\d+ min|\d+ h)", page)  # the wait itself depends on this run's pace

    svg = desk.get(url + "/dashboard", timeout=10)
    assert svg.status_code == 200 and 'role="img" aria-label="CSAT by week"' in svg.text
    assert "style-src 'self'" in svg.headers["Content-Security-Policy"] and " style=" not in svg.text
    assert desk.get(url + "/dashboard?days=12", timeout=10).status_code == 400
