"""The task page in a real browser, on a desk and on a phone: the call comes first on both.

Screenshots land in test-artifacts/ beside the other pages'.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.browser import fits_the_screen, shot
from tests.support.factories import PASSWORD
from tests.support.journeys import unhappy_customer

# How the task page behaves in a browser; its queries run on both databases in tests/integration.
pytestmark = pytest.mark.one_pass("postgres")

SIZES = {"desk": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def _open_task(chromium, url: str, manager: str, size: str):
    context = chromium.new_context(viewport=SIZES[size], device_scale_factor=1)
    page = context.new_page()
    page.goto(url + "/login")
    page.get_by_label("Email").fill(manager)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Jane Doe").first.click()
    return page


def test_the_call_action_is_on_the_first_screen_and_a_refused_form_keeps_the_note(
    stack,
    smtp,
    manager,
    browser,  # noqa: F811
):
    url = stack["url"]
    unhappy_customer(url, smtp, "T-3001")
    for size in ("desk", "phone"):
        page = _open_task(browser, url, manager, size)
        expect(page.get_by_role("heading", name="Jane Doe")).to_be_visible()
        expect(page.get_by_text("Their time now:")).to_contain_text("in Chicago")
        call = page.get_by_role("link", name="Call +1 555-123-4567").first
        expect(call).to_be_in_viewport()
        assert fits_the_screen(page)
        for radio in page.get_by_role("radio").all():
            expect(radio).not_to_be_checked()
        shot(page, f"task-{size}")

        address = page.url
        page.get_by_label("Note (what was said, what happens next)").fill("Rang, she said call at 5")
        page.get_by_role("button", name="Log call").click()
        expect(page.get_by_role("alert")).to_contain_text("Choose how the call went.")
        expect(page.get_by_label("Note (what was said, what happens next)")).to_have_value(
            "Rang, she said call at 5"
        )
        assert page.url == address
        shot(page, f"task-refused-{size}")
        page.context.close()


def test_profile_and_emailing_a_customer_without_a_phone_fit_desk_and_phone(
    stack,
    smtp,
    manager,
    browser,  # noqa: F811
):
    url = stack["url"]
    unhappy_customer(url, smtp, "T-3002", phone=None)
    for size in ("desk", "phone"):
        page = _open_task(browser, url, manager, size)
        expect(page.get_by_role("heading", name="Write to Jane")).to_be_visible()
        expect(page.get_by_role("button", name="Email the customer")).to_be_visible()
        assert fits_the_screen(page)
        shot(page, f"task-no-phone-{size}")
        page.goto(url + "/profile")
        expect(page.get_by_role("heading", name="Your profile")).to_be_visible()
        page.get_by_label("Mobile phone").fill("12")
        page.get_by_role("button", name="Save profile").click()
        expect(page.get_by_role("alert")).to_contain_text("not a phone number that can be dialled")
        assert fits_the_screen(page)
        shot(page, f"profile-{size}")
        page.context.close()
