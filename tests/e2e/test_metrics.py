"""/metrics on gunicorn with several workers: each scrape shows every worker's counts."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

# The counts are gunicorn's workers', whatever the database.
pytestmark = pytest.mark.one_pass("postgres")

FORGED = 40


@pytest.fixture
def stack_workers() -> int:
    return 2


def scraped(url: str, name: str, labels: dict[str, str]) -> float:
    text = requests.get(f"{url}/metrics", timeout=10).text
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name and sample.labels == labels:
                return sample.value
    raise AssertionError(f"{name} {labels} not in /metrics")


def test_every_scrape_counts_the_requests_all_workers_served(stack):
    url = stack["url"]

    def forge(n: int) -> int:  # unsigned: refused before anything is stored
        return requests.post(f"{url}/webhooks/tickets", json={"n": n}, timeout=10).status_code

    with ThreadPoolExecutor(8) as pool:  # side by side, so both workers take a share
        assert set(pool.map(forge, range(FORGED))) == {401}

    for _ in range(6):  # whichever worker answers the scrape
        refused = {"source": "generic", "outcome": "refused_signature"}
        assert scraped(url, "webhook_deliveries_total", refused) == FORGED
        route = {"method": "POST", "route": "/webhooks/<system>", "status": "401"}
        assert scraped(url, "http_requests_total", route) == FORGED
