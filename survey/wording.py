"""The words of a rating, shared by the survey page and the email so both list them alike.

Best first, as on the survey page: a customer who saw the email finds the same row on the page.
"""

from __future__ import annotations

import math

from flask_babel import gettext, lazy_gettext, ngettext

RATING_WORDS = [
    (5, lazy_gettext("5 – Excellent")),
    (4, lazy_gettext("4 – Good")),
    (3, lazy_gettext("3 – Okay")),
    (2, lazy_gettext("2 – Poor")),
    (1, lazy_gettext("1 – Very poor")),
]


def call_within(hours: float) -> str:
    """When the follow-up side promises a first call (FOLLOWUP_FIRST_CALL_HOURS), in words."""
    if hours <= 8:
        count = max(1, math.ceil(hours))
        return ngettext("within %(num)d hour", "within %(num)d hours", count)
    days = math.ceil(hours / 24)
    if days == 1:
        return gettext("within one working day")
    return ngettext("within %(num)d working day", "within %(num)d working days", days)
