"""A large team's dashboard in the browser: the page says the worker is counting the period,
reads well on a phone and a desk, and shows the figures by itself once the worker has counted.

`DASHBOARD_LIVE_LIMIT=0` makes one unhappy customer count as a large team; the worker ticks
every half second, and the page asks again every 10 seconds (core/static/dashboard_counting.js).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from devtools.fake_twilio import FakeTwilio
from tests.e2e.conftest import running_app
from tests.support.browser import DESKTOP, PHONE, axe_violations, fits_the_screen, new_page, shot
from tests.support.journeys import unhappy_customer
from tests.support.processes import flask
from tests.support.smtp_server import SmtpCatcher

# The page's queries run on both databases in tests/integration/test_dashboard_snapshots.py.
pytestmark = [pytest.mark.one_pass("postgres"), pytest.mark.timeout(180)]
EMAIL, PASSWORD = "boss@example.com", "correct horse battery"


def test_the_counting_notice_gives_way_to_the_figures_by_itself(migrated, browser, tmp_path):
    with SmtpCatcher() as smtp, FakeTwilio() as twilio:
        settings = {"DASHBOARD_LIVE_LIMIT": "0"}
        with running_app(migrated, smtp, twilio, tmp_path, settings=settings) as site:
            manager = ("users", "create", EMAIL, "--name", "Morgan Boss", "--password-stdin")
            flask(site["env"], *manager, stdin=PASSWORD)
            unhappy_customer(site["url"], smtp)
            # A period of its own for each screen, so each opens on the notice; the phone goes first
            # and leaves, the desk stays until the figures come.
            for viewport, days in ((PHONE, 30), (DESKTOP, 90)):
                page = new_page(browser, viewport, bypass_csp=True)  # axe is injected as a script
                page.goto(site["url"] + "/login")
                page.get_by_label("Email").fill(EMAIL)
                page.get_by_label("Password").fill(PASSWORD)
                page.get_by_role("button", name="Log in").click()
                page.goto(site["url"] + f"/dashboard?days={days}")
                expect(page.get_by_role("status")).to_contain_text("Counting this period")
                name = f"pages/dashboard-counting-{viewport['width']}"
                shot(page, name)
                assert fits_the_screen(page), "the page scrolls sideways"
                assert axe_violations(page, name) == []
                if viewport is DESKTOP:
                    counted = page.get_by_text(re.compile(r"Counted at \d\d:\d\d your time"))
                    expect(counted).to_be_visible(timeout=30_000)  # the worker counted; the page asked again
                    expect(page.get_by_text("Unhappy customers to call 1")).to_be_visible()
                page.context.close()
