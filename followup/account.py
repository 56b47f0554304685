"""A user's own account: the details reminders need (phone, time zone, channel) and the password.

Checked here rather than in the form so the CLI and the page refuse the same things in the
same words: a phone that cannot be dialled, a time zone that does not exist, a short password.
"""

from __future__ import annotations

from zoneinfo import available_timezones

from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from followup import sessions
from followup.models import User
from followup.users import UserError
from survey.intake.contact import normalize_phone

REMINDER_CHANNELS = {"sms": "By text message", "email": "By email", "both": "Both"}
MIN_PASSWORD = 8


class AccountError(UserError):
    """A refused change, named by the form field it concerns."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field, self.message = field, message


def time_zones() -> list[str]:
    """Every zone a user may pick, in the order a person scans them."""
    return sorted(available_timezones() - {"localtime", "Factory"})


def update_details(user: User, *, name: str, phone: str, timezone: str, reminders: str) -> None:
    """Apply the profile form; raises AccountError naming the field."""
    name = name.strip()
    if not name:
        raise AccountError("name", "give the name customers and colleagues see")
    number = normalize_phone(phone) if phone.strip() else None
    if phone.strip() and number is None:
        raise AccountError("phone", "not a phone number that can be dialled (like +15551234567)")
    if timezone not in available_timezones():
        raise AccountError("timezone", "choose a time zone from the list")
    if reminders not in REMINDER_CHANNELS:
        raise AccountError("reminders", f"must be one of {', '.join(REMINDER_CHANNELS)}")
    user.name, user.phone, user.timezone, user.reminders = name[:200], number, timezone, reminders


def change_password(
    session: Session, user: User, *, current: str, new: str, repeated: str, keep: str | None = None
) -> int:
    """Set a new password once the current one is proven, and end the user's other sessions (all
    but `keep`, the one asking): whoever else was signed in as them, perhaps with a stolen cookie,
    is out at once. How many ended; raises AccountError naming the field."""
    if not check_password_hash(user.password_hash, current):
        raise AccountError("current_password", "that is not your current password")
    if len(new) < MIN_PASSWORD:
        raise AccountError("new_password", f"at least {MIN_PASSWORD} characters")
    if new != repeated:
        raise AccountError("repeat_password", "the two new passwords differ")
    user.password_hash = generate_password_hash(new)
    return sessions.end_all(session, user.id, keep=keep)
