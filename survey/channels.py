"""Which channels carry a customer's survey: decided once, when the ticket closes.

A survey by both email and SMS is answered more often, but some teams find two messages for one
ticket pushy. SURVEY_CHANNELS lets them send one, preferring the channel they trust more, and
falling back to the other when the customer gave no address for it: a survey that could reach
the customer is never skipped because of the preference.
"""

from __future__ import annotations

PREFERENCES = ("both", "email-first", "sms-first")


def choose_channels(email: str | None, phone: str | None, sms_enabled: bool, preference: str) -> list[str]:
    """The channels to send on, in sending order; empty when the customer cannot be reached.

    `email` and `phone` must already be normalized (None when unusable); SMS counts only when the
    app can send it.
    """
    if preference not in PREFERENCES:
        raise ValueError(f"SURVEY_CHANNELS must be one of {', '.join(PREFERENCES)}, got {preference!r}")
    reachable = [name for name, usable in (("email", email), ("sms", phone and sms_enabled)) if usable]
    if preference == "both" or len(reachable) < 2:
        return reachable
    return ["sms"] if preference == "sms-first" else ["email"]
