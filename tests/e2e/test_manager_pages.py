"""Every manager page (tests/e2e/manager_pages.py) in a real browser, at 1280 and 390 px, on the
demo's data: screenshots for a person to look at, axe-core for what a screen reader meets, and
the phone layout's promises (no sideways scrolling, no text under 11 px, a compact top bar).
"""

from __future__ import annotations

import re

import pytest
import requests
from playwright.sync_api import expect

from devtools.fake_twilio import FakeTwilio
from tests.e2e.conftest import running_app
from tests.e2e.manager_pages import PAGES, ManagerPage
from tests.support.browser import (
    DESKTOP,
    PHONE,
    axe_violations,
    fits_the_screen,
    new_page,
    shot,
    smallest_text,
)
from tests.support.processes import flask
from tests.support.smtp_server import SmtpCatcher

# How the pages look and read in a browser; their queries run on both databases in tests/integration.
pytestmark = pytest.mark.one_pass("sqlite")

SIZES = {"desktop": DESKTOP, "phone": PHONE}
MIN_TEXT_PX = 11


@pytest.fixture(scope="module")
def demo_site(migrated, tmp_path_factory):
    """The app seeded by `flask demo` (its 90 days), as a newcomer first sees it."""
    with SmtpCatcher() as smtp, FakeTwilio() as twilio:
        logs = tmp_path_factory.mktemp("manager-pages")
        with running_app(migrated, smtp, twilio, logs, with_worker=False) as site:
            seeded = flask(site["env"], "demo", timeout=240).stdout
            email = re.search(r"Manager login:\s+(\S+)", seeded).group(1)
            password = re.search(r"Password:\s+(\S+)", seeded).group(1)
            token = flask(site["env"], "users", "token", email).stdout.strip()
            tasks = requests.get(
                site["url"] + "/api/followups", headers={"Authorization": f"Bearer {token}"}, timeout=10
            ).json()["items"]
            task = tasks[0]
            yield {**site, "email": email, "password": password,
                   "ids": {"task": task["id"], "customer": task["customer"]["id"]}}  # fmt: skip


@pytest.fixture(scope="module")
def signed_in(browser, demo_site):
    """One logged-in browser tab per screen size, reused page after page."""
    tabs = {}
    for size, viewport in SIZES.items():
        # axe-core is injected as a script, which the pages' own CSP would refuse.
        page = new_page(browser, viewport, bypass_csp=True)
        page.goto(demo_site["url"] + "/login")
        page.get_by_label("Email").fill(demo_site["email"])
        page.get_by_label("Password").fill(demo_site["password"])
        page.get_by_role("button", name="Log in").click()
        expect(page.get_by_role("heading", name="Follow-up queue")).to_be_visible()
        tabs[size] = page
    yield tabs
    for page in tabs.values():
        page.context.close()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("spec", PAGES, ids=lambda spec: spec.name)
def test_manager_page_is_readable_and_accessible(spec: ManagerPage, size, browser, demo_site, signed_in):
    page = signed_in[size] if spec.logged_in else new_page(browser, SIZES[size], bypass_csp=True)
    name = f"pages/{spec.name}-{SIZES[size]['width']}"
    try:
        answer = page.goto(demo_site["url"] + spec.path.format(**demo_site["ids"]))
        assert answer.ok, f"{spec.path} answered {answer.status}"
        heading = page.get_by_role("heading", level=1)
        expect(heading).to_be_visible()
        expect(heading).to_contain_text(spec.heading)
        shot(page, name)
        assert fits_the_screen(page), "the page scrolls sideways"
        size_px, words = smallest_text(page)
        assert size_px >= MIN_TEXT_PX, f"text drawn at {size_px} px: {words!r}"
        assert axe_violations(page, name) == []
        if spec.nav:
            current = page.locator('header.top nav a[aria-current="page"]').filter(visible=True)
            if size == "phone":
                expect(current).to_have_count(0)  # the menu is closed: one compact row
                assert page.locator("header.top").bounding_box()["height"] <= 56
                page.get_by_text("Menu", exact=False).first.click()
            expect(current).to_have_text(spec.nav)
            if size == "phone":
                shot(page, name + "-menu")
    finally:
        if not spec.logged_in:
            page.context.close()


def test_queue_on_a_phone_is_labelled_cards_and_a_skip_link_leads_to_the_content(demo_site, signed_in):
    page = signed_in["phone"]
    page.goto(demo_site["url"] + "/followups")
    expect(page.locator("table.queue thead")).to_be_hidden()
    card = page.locator("table.queue tbody tr").first
    for label in ("Rating", "Attempts", "Due", "Owner"):
        expect(card.locator(".cell-label", has_text=label)).to_be_visible()
    expect(card.locator("td.rating")).to_contain_text(re.compile(r"Rating\s*[1-5] of 5"))
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    expect(skip).to_have_text("Skip to main content")
    expect(skip).to_be_visible()  # shown once focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
