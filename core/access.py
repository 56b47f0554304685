"""Who may use each route: declared on the route itself, enforced in one place, denied by default.

Every view says who it is for, right under its route decorator:

    @public                  anyone: the route checks its own credential (a webhook signature,
                             a survey link) or shows nothing personal
    @allow(AGENT, MANAGER)   any signed-in user; the service narrows what an agent sees
    @allow(MANAGER)          managers only

One `before_request` hook reads the declaration of the endpoint about to run. A route without
one answers 403 (and tests/integration/test_access.py walks `app.url_map` so it never ships);
a page someone opens without a session goes to the login page; a blueprint registered as
token-authenticated (the JSON API) takes a bearer token instead of the session cookie. Keeping
the rule beside the route, and the check out of it, means a new route cannot forget the check
and a reader sees who a route is for without reading its body.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any, TypeVar

from flask import Flask, g, request
from flask_login import current_user
from werkzeug.exceptions import Forbidden, Unauthorized

from core.extensions import login_manager

AGENT, MANAGER = "agent", "manager"
ROLES = (MANAGER, AGENT)
PUBLIC = "public"

View = TypeVar("View", bound=Callable[..., Any])


def public(view: View) -> View:
    view.access = PUBLIC  # type: ignore[attr-defined]
    return view


def allow(*roles: str) -> Callable[[View], View]:
    unknown = set(roles) - set(ROLES)
    if not roles or unknown:
        raise ValueError(f"allow() takes roles among {ROLES}, got {roles}")

    def declare(view: View) -> View:
        view.access = frozenset(roles)  # type: ignore[attr-defined]
        return view

    return declare


def declared(app: Flask, endpoint: str) -> str | frozenset[str] | None:
    """What the endpoint declares (PUBLIC or a set of roles), or None when it says nothing."""
    settings = app.extensions["access"]
    if endpoint in settings["public_endpoints"]:
        return PUBLIC
    return getattr(app.view_functions.get(endpoint), "access", None)


def register(
    app: Flask,
    *,
    token_user: Callable[[str], Any],
    token_blueprints: Collection[str] = (),
    public_endpoints: Collection[str] = (),
) -> None:
    """`token_user(token)` finds the active user of an API token; `public_endpoints` names the
    routes that extensions add (static files, the OpenAPI document) and so cannot be decorated."""
    app.extensions["access"] = {"public_endpoints": frozenset(public_endpoints)}

    @app.before_request
    def enforce():
        if request.routing_exception is not None or request.endpoint is None:
            return None  # an unknown path or method answers 404/405, not 401
        rule = declared(app, request.endpoint)
        if rule is None:
            app.logger.error("route %s declares no access: refused", request.endpoint)
            raise Forbidden("This route is not open to anyone yet.")
        if rule == PUBLIC:
            return None
        if request.blueprint in token_blueprints:
            user = _bearer_user(token_user)
            g.api_user = user
        elif current_user.is_authenticated:
            user = current_user
        else:
            return login_manager.unauthorized()
        if user.role not in rule:
            raise Forbidden(f"This is for {' and '.join(sorted(rule))}s only.")
        return None


def _bearer_user(token_user: Callable[[str], Any]):
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    user = token_user(token.strip()) if scheme.lower() == "bearer" and token.strip() else None
    if user is None:
        raise Unauthorized("a valid bearer token is required (flask --app wsgi users token EMAIL)")
    return user
