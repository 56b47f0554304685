"""The customers list page by page: every customer once, in (name, id) order, with the search
kept from page to page, an agent's list of their own customers only, and a page link that no
longer leads anywhere answered with a 400 page that leads back to the start."""

from __future__ import annotations

import re
from html import unescape

from core.extensions import db
from tests.support import factories
from tests.support.factories import log_in
from tests.support.html import text

ROW = re.compile(r'<tr><td><a href="/customers/(\d+)">')
NEXT = re.compile(r'rel="next" href="([^"]+)"')
GONE = "That page of the list is gone"


def walk(client, path: str, max_pages: int = 20) -> list[list[int]]:
    """The ids on each page, following "Next 50 customers" from `path` until it is gone."""
    pages = []
    while path and len(pages) < max_pages:
        answer = client.get(path)
        assert answer.status_code == 200, path
        pages.append([int(found) for found in ROW.findall(answer.text)])
        link = NEXT.search(answer.text)
        path = unescape(link.group(1)) if link else None
    return pages


def test_pages_walk_every_customer_once_in_name_order(app, client, clock):
    now = clock.now()
    with app.app_context():
        factories.user(now, email="boss@example.com")
        # Many share a name, so (name, id) decides; some have none and come last, by id.
        named = [factories.customer(now, name=f"Name {i % 37:02d}") for i in range(110)]
        nameless = [factories.customer(now, name=None) for _ in range(10)]
        erased = factories.customer(now, name="Name 00 erased")
        erased.erased_at = now
        db.session.commit()
        in_order = sorted(named, key=lambda c: (c.name, c.id)) + nameless
        expected, from_name, to_name = [c.id for c in in_order], in_order[50].name, in_order[99].name
    log_in(client, "boss@example.com")

    pages = walk(client, "/customers")

    assert [len(page) for page in pages] == [50, 50, 20]
    assert [row for page in pages for row in page] == expected
    first, second = client.get("/customers").text, client.get(f"/customers?after={pages[0][-1]}").text
    assert "Showing 1–50, by name." in text(first) and "First page" not in first
    assert f"Showing 50, {from_name} to {to_name}, by name." in text(second)
    assert 'href="/customers">' in second and "First page" in second
    # After a customer with no name, the ones with no name and a higher id.
    assert walk(client, f"/customers?after={expected[-10]}") == [expected[-9:]]


def test_search_and_paging_together_keep_the_search(app, client, clock):
    now = clock.now()
    with app.app_context():
        factories.user(now, email="boss@example.com")
        by_name = [factories.customer(now, name=f"Joanna {i:03d}") for i in range(40)]
        by_email = [factories.customer(now, name=f"Bo {i:02}", email=f"bo{i}@joanna.test") for i in range(15)]
        by_phone = [factories.customer(now, name=f"Cy {i:02}", phone=f"+1555777{i:04d}") for i in range(10)]
        for i in range(30):
            factories.customer(now, name=f"Joan {i:03d}")  # "joan", not "joanna"
        db.session.commit()
        ids = {"joanna": [c.id for c in by_email + by_name], "5557770": [c.id for c in by_phone]}
    log_in(client, "boss@example.com")

    pages = walk(client, "/customers?q=JOANNA")
    assert [row for page in pages for row in page] == ids["joanna"]
    assert [len(page) for page in pages] == [50, 5]
    second = client.get(f"/customers?q=JOANNA&after={pages[0][-1]}").text
    assert "Showing 5 matching “JOANNA”, Joanna 035 to Joanna 039, by name." in text(second)
    assert walk(client, "/customers?q=5557770") == [ids["5557770"]]
    # What is typed is looked for as it is: % and _ are not wildcards.
    for literal in ("%", "_", "Joann_"):
        assert "No customer matches" in text(client.get("/customers", query_string={"q": literal}).text)


def test_an_agent_pages_through_their_own_customers_only(app, client, clock):
    now = clock.now()
    with app.app_context():
        factories.user(now, email="agent@example.com", role="agent")
        mine = "agent@example.com"
        theirs = [factories.survey(now, agent_email=mine, name=f"Mine {i:03d}") for i in range(55)]
        others = [factories.customer(now, name=f"Mine {i:03d} too") for i in range(30)]
        db.session.commit()
        expected = [s.customer_id for s in theirs]
        hidden = others[0].id
    log_in(client, "agent@example.com")

    pages = walk(client, "/customers")

    assert [row for page in pages for row in page] == expected
    assert [len(page) for page in pages] == [50, 5]
    # A page starting after someone else's customer reads as one after nobody: ids can't be probed.
    refused, unknown = client.get(f"/customers?after={hidden}"), client.get("/customers?after=999999")
    assert refused.status_code == unknown.status_code == 400
    assert text(refused.text) == text(unknown.text)


def test_a_page_link_that_leads_nowhere_answers_400_with_a_way_to_the_first_page(app, client, clock):
    now = clock.now()
    with app.app_context():
        factories.user(now, email="boss@example.com")
        kept = factories.customer(now, name="Kept")
        gone = factories.customer(now, name="Gone")
        gone.erased_at = now
        db.session.commit()
        kept_id, gone_id = kept.id, gone.id
    log_in(client, "boss@example.com")

    for after in ("abc", "", "-1", "0", "1.5", "１２", "2147483648", "9" * 5000, str(gone_id), "999999"):
        answer = client.get("/customers", query_string={"after": after, "q": "ke pt"})
        assert answer.status_code == 400, after
        assert GONE in text(answer.text), after
        assert 'href="/customers?q=ke+pt">Go to the first page of customers matching “ke pt”' in answer.text
    # Past the last customer: nothing more, and the way back.
    last = client.get(f"/customers?after={kept_id}")
    assert last.status_code == 200 and "No more customers. Go to the first page" in text(last.text)
