"""Schemathesis drives the running API from its own OpenAPI document, with a valid token.

It generates requests (valid and invalid) for every operation and checks that nothing answers
5xx and that every response matches the document: status codes, content types and bodies.
"""

from __future__ import annotations

import subprocess

import pytest

from tests.support.journeys import unhappy_customer
from tests.support.processes import BIN, REPO, flask

# PostgreSQL refuses what SQLite takes (a NUL in a text, an integer out of range), so the
# generated requests go to the app on PostgreSQL, the production database.
pytestmark = pytest.mark.one_pass("postgres")

# Every check but positive_data_acceptance: some requests are valid by the schema yet refused by a
# business rule, with the documented 422 (a callback time that has passed by the time the request
# lands, an opaque cursor the API never gave out).
CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_headers_conformance",
        "response_schema_conformance",
        "negative_data_rejection",
        "missing_required_header",
        "unsupported_method",
        "allow_header_conformance",
        "use_after_free",
        "ensure_resource_availability",
        "ignored_auth",
    ]
)


def test_api_matches_its_openapi_document(stack, smtp, manager):
    url, env = stack["url"], stack["env"]
    token = flask(env, "users", "token", manager).stdout.strip()
    unhappy_customer(url, smtp)  # so GET /api/followups/{id} can find something
    run = subprocess.run(
        [
            str(BIN / "st"),
            "run",
            url + "/api/openapi.json",
            "--header",
            f"Authorization: Bearer {token}",
            "--checks",
            CHECKS,
            "--max-examples",
            "40",
            "--seed",
            "1",
            "--no-color",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=400,
    )
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
