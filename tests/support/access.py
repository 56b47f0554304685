"""Requesting every route of the app: sample paths for its rules, and signed-in test clients."""

from __future__ import annotations

import re
from collections.abc import Iterator

from flask import Flask
from werkzeug.routing import Rule

from tests.support.factories import log_in

TOKEN_BLUEPRINTS = ("api",)
SAMPLES = {"name": "tasks", "token": "not-a-token", "system": "generic", "filename": "app.css"}


def rules_of(app: Flask) -> Iterator[tuple[Rule, str, bool]]:
    """(rule, method, takes a bearer token) for every route; logging out comes last."""
    rules = sorted(app.url_map.iter_rules(), key=lambda rule: (rule.endpoint == "auth.logout", rule.rule))
    for rule in rules:
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method, rule.endpoint.split(".")[0] in TOKEN_BLUEPRINTS


def sample_path(rule: Rule, ids: dict[str, int]) -> str:
    """The rule with a value in each placeholder: a known id for ids, a harmless word otherwise."""

    def value(match: re.Match) -> str:
        converter, name = match.group(1), match.group(2)
        if converter == "int":
            return str(ids.get(name, 1))
        return SAMPLES.get(name, "x")

    return re.sub(r"<(?:(\w+):)?(\w+)>", value, rule.rule)


def signed_in(app: Flask, email: str):
    """A test client with a login session (apps built with WTF_CSRF_ENABLED=False)."""
    client = app.test_client()
    answer = log_in(client, email)
    assert answer.status_code == 302, answer.status_code
    return client


def copy_of(app: Flask, client):
    """A second client holding a copy of `client`'s session cookie, as a thief would."""
    thief = app.test_client()
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    thief.set_cookie(cookie.key, cookie.value)
    return thief
