"""The pages in a real browser (Debian's chromium via Playwright) at a phone's size.

Screenshots of every page land in test-artifacts/ so a person can look at what was tested.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.browser import fits_the_screen, new_page, shot
from tests.support.factories import PASSWORD
from tests.support.journeys import close_ticket, survey_link

# How the pages behave in a browser; their queries run on both databases in tests/integration.
pytestmark = pytest.mark.one_pass("sqlite")

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def phone(browser):
    page = new_page(browser, PHONE)
    yield page
    page.context.close()


def test_customer_answers_on_a_phone_and_the_manager_closes_the_loop(stack, smtp, manager, phone, browser):
    url = stack["url"]
    close_ticket(url, "T-2001")
    link = survey_link(smtp.wait_for(1, timeout=20)[0])

    phone.goto(link + "?rating=4")
    expect(phone.get_by_role("heading", name="How did we do?")).to_be_visible()
    expect(phone.get_by_label("4 – Good")).to_be_checked()
    assert fits_the_screen(phone)
    shot(phone, "survey-form")
    phone.get_by_label("2 – Poor").check()
    phone.get_by_label("Anything you'd like to tell us?").fill(
        "<b>Still</b> broken <script>alert(1)</script>"
    )
    phone.get_by_role("button", name="Send my answer").click()
    expect(phone.get_by_role("heading", name="Thank you!")).to_be_visible()
    shot(phone, "survey-thanks")

    desk = new_page(browser, {"width": 1280, "height": 900})
    desk.goto(url + "/followups")
    expect(desk.get_by_role("heading", name="Log in")).to_be_visible()
    shot(desk, "login")
    desk.get_by_label("Email").fill(manager)
    desk.get_by_label("Password").fill(PASSWORD)
    desk.get_by_role("button", name="Log in").click()
    expect(desk.get_by_role("heading", name="Follow-up queue")).to_be_visible()
    shot(desk, "queue")
    desk.get_by_role("link", name="Jane Doe").click()
    comment = desk.locator("blockquote.comment")
    expect(comment).to_have_text("<b>Still</b> broken <script>alert(1)</script>")  # shown as text, not run
    shot(desk, "task")

    desk.get_by_role("radio", name="No answer").check()
    desk.get_by_role("button", name="Log call").click()
    expect(desk.get_by_text("Call logged.")).to_be_visible()
    expect(desk.get_by_text("Next try")).to_be_visible()
    desk.get_by_role("radio", name="Reached").check()
    desk.get_by_label("Note (what was said, what happens next)").fill("Spoke to Jane: replacement sent.")
    desk.get_by_role("button", name="Log call").click()
    expect(desk.get_by_text("Customer reached: task closed.")).to_be_visible()
    expect(desk.locator(".task-status .badge.closed")).to_have_text("closed")
    shot(desk, "task-closed")
    desk.context.close()


def test_manager_pages_work_at_phone_width(stack, smtp, manager, phone):
    url = stack["url"]
    phone.goto(url + "/login")
    phone.get_by_label("Email").fill(manager)
    phone.get_by_label("Password").fill(PASSWORD)
    phone.keyboard.press("Enter")  # keyboard submit works without a mouse
    expect(phone.get_by_role("heading", name="Follow-up queue")).to_be_visible()
    assert fits_the_screen(phone)
    shot(phone, "queue-phone")
