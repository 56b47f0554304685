"""Speaking the customer's language: the one the ticket system gave us, when we have a catalog for it.

The locale follows the customer, not the browser: the survey link is often opened on a phone set
to another language, but the ticket said which language the customer uses with support. Pages
say whose language applies with `use_customer_language`; code outside a request (SMS replies,
the worker rendering an email) wraps its rendering in `customer_locale`. Everything else
(the manager's pages) stays in the default language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from babel import negotiate_locale
from flask import Flask, g, has_request_context, request
from flask_babel import Babel, force_locale, get_locale, get_translations
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

DEFAULT_LOCALE = "en"
TRANSLATIONS = Path(__file__).resolve().parent / "translations"


@cache
def available_locales() -> list[str]:
    """English plus every language with a compiled catalog committed under survey/translations."""
    found = {path.parent.parent.name for path in TRANSLATIONS.glob("*/LC_MESSAGES/messages.mo")}
    return [DEFAULT_LOCALE, *sorted(found - {DEFAULT_LOCALE})]


def locale_for(language: str | None, fallback: str = DEFAULT_LOCALE) -> str:
    """Ticket systems send "es", "es-MX" or "ES_mx"; anything we lack a catalog for gets `fallback`."""
    if not language:
        return fallback
    available = available_locales()
    match = negotiate_locale([language.strip().replace("-", "_")], available)
    return next((name for name in available if match and name.lower() == match.lower()), fallback)


def browser_locale() -> str:
    """The browser's Accept-Language, for a customer whose language the ticket did not say."""
    if not has_request_context():
        return DEFAULT_LOCALE
    return request.accept_languages.best_match(available_locales()) or DEFAULT_LOCALE


def use_customer_language(language: str | None) -> str:
    """Choose the language for the rest of this request, before anything is translated:
    the customer's own (from the ticket), else the browser's."""
    g.customer_locale = locale_for(language, fallback=browser_locale())
    return g.customer_locale


def bound_gettext() -> Callable[..., str]:
    """Jinja's newstyle `gettext`, bound once to the current locale's catalog.

    Pass it to a template as `gettext` (which `_` and `{% trans %}` resolve first). Flask-Babel's
    own callable looks the catalog up again for every string, a dozen times per survey email;
    a worker rendering thousands of them spent more on that than on the rest of the template.
    Same rules as Jinja's: autoescaped templates get Markup, and the string is always formatted.
    """
    translations = get_translations()

    @pass_context
    def gettext(context: Context, string: str, **variables: object) -> str:
        translated = translations.ugettext(string)
        if context.eval_ctx.autoescape:
            translated = Markup(translated)  # noqa: S704 - our own catalog, trusted as Jinja trusts it
        return translated % variables

    return gettext


@contextmanager
def customer_locale(language: str | None) -> Iterator[str]:
    locale = locale_for(language)
    with force_locale(locale):
        yield locale


def _select_locale() -> str:
    """The customer's language on their pages (even a 404 speaks the browser's); else the default."""
    if "customer_locale" in g:
        return g.customer_locale
    return browser_locale() if has_request_context() and request.blueprint == "survey" else DEFAULT_LOCALE


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_LOCALE)
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS))
    Babel(app, locale_selector=_select_locale)

    @app.context_processor
    def language_of_the_page() -> dict[str, str]:
        """`lang` for <html lang>, so screen readers pronounce the page in its own language."""
        return {"lang": str(get_locale() or DEFAULT_LOCALE)}
