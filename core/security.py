"""Security headers on every response: no inline script, no framing, no referrer leaks.

The survey link is a bearer secret, so `Referrer-Policy: no-referrer` keeps it out of any
site the customer clicks through to; HSTS is sent only when the app is really served on HTTPS.
"""

from __future__ import annotations

from flask import Flask, Response

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
        if https:
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        return response
