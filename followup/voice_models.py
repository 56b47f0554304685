"""A call placed through the app: the manager's phone first, then the customer, as Twilio reports it.

The row is made before Twilio is asked, so its unguessable `token` can name it in every
webhook URL (Twilio's AMD callback carries only the customer leg's CallSid). Its `state` only
moves forward, which is what makes Twilio's retries and replays of a webhook record nothing new.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db
from core.types import UTCDateTime
from followup.models import CallAttempt, FollowupTask, User

# The order a call goes through; a webhook never moves a call back to an earlier state.
STARTING = "starting"  # the row exists, Twilio not asked yet (or it refused: see `error`)
RINGING_YOU = "ringing_you"  # Twilio is ringing the manager's phone
CALLING = "calling"  # the manager picked up; the customer's phone rings
CONNECTED = "connected"  # a person (or an unknown) answered the customer's phone
ENDED = "ended"  # the Dial finished and its outcome is decided
MISSED = "missed"  # the manager's own phone did not answer: nothing logged
FAILED = "failed"  # Twilio would not place the call
STATES = (STARTING, RINGING_YOU, CALLING, CONNECTED, ENDED, MISSED, FAILED)
FINISHED = (ENDED, MISSED, FAILED)


class VoiceCall(db.Model):
    __tablename__ = "voice_calls"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("followup_tasks.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    call_sid: Mapped[str | None] = mapped_column(String(64), unique=True)  # the manager's leg
    dial_sid: Mapped[str | None] = mapped_column(String(64))  # the customer's leg
    state: Mapped[str] = mapped_column(String(12), default=STARTING)
    answered_by: Mapped[str | None] = mapped_column(String(30))
    dial_status: Mapped[str | None] = mapped_column(String(20))
    talk_seconds: Mapped[int | None] = mapped_column()
    # Set when a person answered too briefly to count: the manager is asked what happened.
    needs_outcome: Mapped[bool] = mapped_column(default=False)
    error: Mapped[str | None] = mapped_column(String(200))
    attempt_id: Mapped[int | None] = mapped_column(ForeignKey("call_attempts.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    connected_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def answered_by_machine(self) -> bool:
        return (self.answered_by or "").startswith(("machine", "fax"))

    task: Mapped[FollowupTask] = relationship()
    user: Mapped[User] = relationship()
    attempt: Mapped[CallAttempt | None] = relationship()
