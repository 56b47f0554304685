"""One place that decides how an error looks: problem+json for machines, a page for people."""

from __future__ import annotations

from flask import Flask, render_template, request
from werkzeug.exceptions import HTTPException

from core.problems import problem

MACHINE_PREFIXES = ("/api/", "/webhooks/")

PAGES = {
    400: ("Something's not right", "We couldn't read that request. Please go back and try again."),
    401: ("Please log in", "You need to log in to see this page."),
    403: ("Not allowed", "You don't have access to this page."),
    404: ("Not found", "This link doesn't work. Please check you copied all of it."),
    410: ("This survey has closed", "Thanks for stopping by: this survey no longer takes answers."),
    413: ("Too long", "That was more text than we can take. Please shorten it and try again."),
    429: ("Slow down", "Too many tries. Please wait a minute and try again."),
}


def _field_errors(error: HTTPException) -> dict[str, str] | None:
    data = getattr(error, "data", None) or {}
    if "errors" in data and isinstance(data["errors"], dict):
        return {str(k): str(v) for k, v in data["errors"].items()}
    messages = data.get("messages")  # webargs: {"json": {"field": ["message", ...]}}
    if isinstance(messages, dict):
        flat: dict[str, str] = {}
        for location in messages.values():
            for name, problems in location.items() if isinstance(location, dict) else []:
                flat[str(name)] = (
                    "; ".join(map(str, problems)) if isinstance(problems, list) else str(problems)
                )
        return flat or None
    return None


def handle_http_error(error: HTTPException):
    status = error.code or 500
    allow = {"Allow": ", ".join(error.valid_methods)} if getattr(error, "valid_methods", None) else {}
    if request.path.startswith(MACHINE_PREFIXES):
        data = getattr(error, "data", None) or {}
        response = problem(status, data.get("message") or error.description, _field_errors(error))
        response.headers.update(allow)
        return response
    title, message = PAGES.get(status, (error.name, error.description))
    return render_template("error.html", title=title, message=message), status, allow


def register(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http_error)
