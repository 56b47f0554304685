"""A large team's dashboard in the browser: the page says the worker is counting the period,
reads well on a phone and a desk, and shows the figures by itself once the worker has counted.

`DASHBOARD_LIVE_LIMIT=0` makes the demo's 90 days count as a large team's; the worker ticks
every half second, and the page asks again every 10 seconds (core/static/dashboard_counting.js).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from devtools.fake_twilio import FakeTwilio
from tests.e2e.conftest import running_app
from tests.support.browser import DESKTOP, PHONE, axe_violations, fits_the_screen, new_page, shot
from tests.support.processes import flask
from tests.support.smtp_server import SmtpCatcher

pytestmark = [pytest.mark.one_pass("sqlite"), pytest.mark.timeout(300)]


def test_the_counting_notice_gives_way_to_the_figures_by_itself(migrated, browser, tmp_path):
    with SmtpCatcher() as smtp, FakeTwilio() as twilio:
        settings = {"DASHBOARD_LIVE_LIMIT": "0"}
        with running_app(migrated, smtp, twilio, tmp_path, settings=settings) as site:
            seeded = flask(site["env"], "demo", timeout=240).stdout
            email = re.search(r"Manager login:\s+(\S+)", seeded).group(1)
            password = re.search(r"Password:\s+(\S+)", seeded).group(1)
            # A period of its own for each screen, so each opens on the notice.
            for viewport, days in ((DESKTOP, 90), (PHONE, 30)):
                page = new_page(browser, viewport, bypass_csp=True)  # axe is injected as a script
                page.goto(site["url"] + "/login")
                page.get_by_label("Email").fill(email)
                page.get_by_label("Password").fill(password)
                page.get_by_role("button", name="Log in").click()
                page.goto(site["url"] + f"/dashboard?days={days}")
                expect(page.get_by_role("status")).to_contain_text("Counting this period")
                name = f"pages/dashboard-counting-{viewport['width']}"
                shot(page, name)
                assert fits_the_screen(page), "the page scrolls sideways"
                assert axe_violations(page, name) == []
                counted = page.get_by_text(re.compile(r"Counted at \d\d:\d\d your time"))
                expect(counted).to_be_visible(timeout=30_000)  # the worker counted; the page asked again
                expect(page.get_by_role("heading", name="Call-backs")).to_be_visible()
                page.context.close()
