"""RFC 9457 problem details, the one error shape of every machine-facing endpoint."""

from __future__ import annotations

from flask import Response, jsonify
from werkzeug.http import HTTP_STATUS_CODES


def problem(status: int, detail: str | None = None, errors: dict[str, str] | None = None) -> Response:
    body: dict = {"type": "about:blank", "title": HTTP_STATUS_CODES.get(status, "Error"), "status": status}
    if detail:
        body["detail"] = detail
    if errors:
        body["errors"] = [{"field": name, "message": message} for name, message in errors.items()]
    response = jsonify(body)
    response.status_code = status
    response.mimetype = "application/problem+json"
    return response
