"""One spelling per email address and phone number, whichever ticket system sent them.

Throttling, opt-outs and duplicate detection compare contacts, so `Jane@EXAMPLE.com` and
`Jane@example.com`, or `(415) 555-2671` and `+14155552671`, must arrive as the same value. The
case of an address's local part is kept (a mail server may honour it); survey/customers.py
matches addresses case-blind.
A value that cannot be a contact becomes None rather than an error: the ticket is still real,
and "no usable email or phone" is an answer the intake already gives.
"""

from __future__ import annotations

import phonenumbers
from email_validator import EmailNotValidError, validate_email

DEFAULT_REGION = "US"


def normalize_email(value: str | None) -> str | None:
    """The normalized address, or None; deliverability is not checked (no DNS in pure code)."""
    if not value or not value.strip():
        return None
    try:
        return validate_email(value.strip(), check_deliverability=False).normalized
    except EmailNotValidError:
        return None


def normalize_phone(value: str | None, region: str | None = None) -> str | None:
    """E.164, or None when the digits cannot form a complete number.

    "Possible" (right length for the country) rather than "valid" (in an assigned range) on
    purpose: the fictional +1 555 numbers used in the contract's examples, demos and tests are
    not in an assigned range, and the SMS provider reports a truly unreachable number anyway.
    Numbers without a leading + are read as local to `region` (default US).
    """
    if not value or not value.strip():
        return None
    try:
        number = phonenumbers.parse(value, region or DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return None
    possible = phonenumbers.is_possible_number_with_reason(number)
    if possible != phonenumbers.ValidationResult.IS_POSSIBLE:
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
