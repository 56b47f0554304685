"""What every customer page shares: the organisation's brand, its logo allowed by the CSP, the
brand colour as a stylesheet, and error pages in the customer's language under that brand.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Response, render_template
from flask_babel import lazy_gettext

from core.access import public
from core.security import CSP
from survey import brand

ERRORS = {
    400: (
        lazy_gettext("Something's not right"),
        lazy_gettext("We couldn't read that request. Please go back and try again."),
    ),
    404: (
        lazy_gettext("Not found"),
        lazy_gettext("This link doesn't work. Please check you copied all of it."),
    ),
    410: (
        lazy_gettext("This survey has closed"),
        lazy_gettext("Thanks for stopping by: this survey no longer takes answers."),
    ),
}


def register(bp: Blueprint) -> None:
    @bp.context_processor
    def branded() -> dict[str, object]:
        return {"brand": brand.for_request()}

    @bp.after_request
    def allow_the_logo(response: Response) -> Response:
        """The logo is the one thing a customer's page loads from elsewhere: allow exactly its origin."""
        logo = brand.for_request().logo_url if response.mimetype == "text/html" else None
        if logo:
            parts = urlsplit(logo)
            allowed = f"img-src 'self' {parts.scheme}://{parts.netloc}"
            response.headers["Content-Security-Policy"] = CSP.replace("img-src 'self'", allowed)
        return response

    @bp.errorhandler(400)
    @bp.errorhandler(404)
    @bp.errorhandler(410)
    def customer_error(error):
        """The customer's own error pages: in their language, under the organisation's name."""
        title, message = ERRORS[error.code]
        return render_template("survey/error.html", title=title, message=message), error.code

    @bp.get("/s/brand.css")
    @public
    def brand_css():
        """The brand colour as a stylesheet: the pages allow no inline style (core/security.py)."""
        color = brand.for_request().color  # validated as #rrggbb wherever it is set
        css = render_template("survey/brand.css", color=color)
        return Response(css, mimetype="text/css", headers={"Cache-Control": "public, max-age=300"})
