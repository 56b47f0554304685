"""One tap in a real browser against the running app and worker; scanners, with and without one.

The tap window is shortened to WINDOW seconds here so the tests need not wait a minute; the
minute itself is checked with a fixed clock in tests/integration/test_one_tap.py.
"""

from __future__ import annotations

import re

import pytest
import requests
from playwright.sync_api import expect

from tests.support.browser import fits_the_screen, shot
from tests.support.journeys import close_ticket, survey_link
from tests.support.processes import wait_for

# What a browser and a scanner do with the links; the tap's rules run on both databases in
# tests/integration/test_one_tap.py.
pytestmark = pytest.mark.one_pass("sqlite")

WINDOW = 8  # long enough for a browser to open all five links; each test waits it out once
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def stack_settings() -> dict[str, str]:
    return {"SURVEY_TAP_WINDOW_SECONDS": str(WINDOW)}


def rating_links(message) -> dict[int, str]:
    body = message.get_body(preferencelist=("plain",)).get_content()
    found = re.findall(r"(http://127\.0\.0\.1:\d+/s/[A-Za-z0-9_-]+\?rating=(\d))", body)
    assert len(found) == 5, body
    return {int(rating): link for link, rating in found}


def survey_email(stack, smtp, ticket_id: str):
    close_ticket(stack["url"], ticket_id)
    return smtp.wait_for(1, timeout=20)[0]


def all_taps_settled(stored_rows) -> bool:
    return stored_rows("survey_taps") > 0 and stored_rows("survey_taps", "state = 'held'") == 0


def test_a_scanner_without_a_browser_records_nothing(stack, smtp, stored_rows):
    links = rating_links(survey_email(stack, smtp, "T-3001"))

    for link in links.values():
        assert requests.head(link, timeout=10).status_code == 200
        assert requests.get(link, timeout=10).status_code == 200

    assert stored_rows("survey_taps") == 0
    assert stored_rows("responses") == 0 and stored_rows("followup_tasks") == 0


def test_a_scanner_browser_opening_every_link_within_seconds_records_nothing(
    stack, smtp, browser, stored_rows
):
    links = rating_links(survey_email(stack, smtp, "T-3002"))

    scanner = browser.new_context()
    for link in links.values():
        page = scanner.new_page()
        with page.expect_response(lambda answer: answer.url.endswith("/tap")) as tapped:
            page.goto(link)
        assert tapped.value.status == 202  # the script ran: only the burst rule stops it
    scanner.close()

    wait_for(lambda: all_taps_settled(stored_rows), timeout=WINDOW + 30)
    assert stored_rows("survey_taps", "state = 'discarded'") == 5
    assert stored_rows("responses") == 0 and stored_rows("followup_tasks") == 0


def test_one_tap_then_closing_the_page_is_an_answer_and_opens_the_task(stack, smtp, browser, stored_rows):
    links = rating_links(survey_email(stack, smtp, "T-3003"))

    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = phone.new_page()
    page.goto(links[2])
    expect(page.get_by_text("Thanks, we got your 2.")).to_be_visible()
    expect(page.get_by_label("Anything you'd like to tell us?")).to_be_visible()
    assert fits_the_screen(page)
    shot(page, "survey-one-tap")
    phone.close()  # no Send: the customer tapped 2 and went away

    wait_for(lambda: stored_rows("responses", "rating = 2") == 1, timeout=WINDOW + 30)
    assert stored_rows("followup_tasks") == 1


def test_the_survey_email_fits_a_phone_and_lists_the_ratings_as_the_page_does(stack, smtp, browser):
    message = survey_email(stack, smtp, "T-3004")
    html = message.get_body(preferencelist=("html",)).get_content()

    page = browser.new_context(viewport=PHONE).new_page()
    page.set_content(html)
    assert fits_the_screen(page)
    shot(page, "survey-email-390")
    in_the_email = [words.strip() for words in page.locator("a[href*='?rating=']").all_inner_texts()]
    page.goto(survey_link(message))
    on_the_page = [words.strip() for words in page.locator("fieldset.rating label").all_inner_texts()]

    assert (
        in_the_email == on_the_page == ["5 – Excellent", "4 – Good", "3 – Okay", "2 – Poor", "1 – Very poor"]
    )
    page.context.close()
