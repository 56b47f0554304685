"""Security headers on every response: no inline script, no framing, no referrer leaks.

The survey link is a bearer secret, so `Referrer-Policy: no-referrer` keeps it out of any
site the customer clicks through to; HSTS is sent only when the app is really served on HTTPS.
Nearly every answer carries personal data (pages, survey forms, the API, CSV exports), so
`Cache-Control: no-store` is the default and no browser, proxy or shared computer keeps a copy;
only the static files and the public API description may be cached.
"""

from __future__ import annotations

from flask import Flask, Response, request

CACHEABLE_ENDPOINTS = frozenset({"static", "api-docs.openapi_json"})

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)


def register(app: Flask) -> None:
    https = app.config["PUBLIC_BASE_URL"].startswith("https://")

    @app.after_request
    def secure_headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CSP)
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "no-referrer")
        if request.endpoint not in CACHEABLE_ENDPOINTS:
            headers.setdefault("Cache-Control", "no-store")
        if https:
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        return response
