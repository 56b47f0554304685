"""The customer file and the touch list over HTTP, as a manager's browser sees them."""

from __future__ import annotations

import re

import pytest

from tests.support.factories import PASSWORD
from tests.support.html import csrf_token, text
from tests.support.journeys import log_in, unhappy_customer

# The file and the touch list as a browser gets them; their queries run on both databases in
# tests/integration/test_customer_file.py.
pytestmark = pytest.mark.one_pass("sqlite")


def test_manager_finds_the_customer_logs_a_touch_and_sees_it_in_the_file(stack, smtp, manager):
    url = stack["url"]
    unhappy_customer(url, smtp, "T-3001")
    desk = log_in(url, manager, PASSWORD)

    found = desk.get(url + "/customers", params={"q": "jane@"}, timeout=10)
    assert found.status_code == 200 and "Jane Doe" in text(found.text)
    file_path = re.search(r'href="(/customers/\d+)"', found.text).group(1)

    touch_list = desk.get(url + "/touch", timeout=10)
    assert touch_list.status_code == 200 and "Keep in touch" in text(touch_list.text)

    logged = desk.post(
        url + file_path + "/touches",
        data={"csrf_token": csrf_token(touch_list.text), "kind": "visit", "note": "dropped off a loaner"},
        timeout=10,
    )
    assert logged.status_code == 200
    shown = text(logged.text)
    assert "Touch logged for Jane Doe" in shown
    assert "logged by hand: dropped off a loaner" in shown and "Still broken, third time I called." in shown
    assert "Last contact: never" not in shown
