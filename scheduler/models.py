"""Worker heartbeats, so /healthz can tell whether anyone is delivering."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from core.extensions import db
from core.types import UTCDateTime


class WorkerHeartbeat(db.Model):
    __tablename__ = "worker_heartbeats"

    name: Mapped[str] = mapped_column(String(120), primary_key=True)
    beat_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent: Mapped[int] = mapped_column(default=0)
    retried: Mapped[int] = mapped_column(default=0)
    dead: Mapped[int] = mapped_column(default=0)
