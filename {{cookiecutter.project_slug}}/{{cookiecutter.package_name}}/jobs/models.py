"""The export table, when exports belong to nobody in particular."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..database.models import Base, Timestamped, UTCDateTime


class Export(Timestamped, Base):
    """A copy of notes that a worker builds, and how building it went."""

    __tablename__ = "exports"

    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    # How many times a worker has started to build it.
    attempts: Mapped[int] = mapped_column(default=0)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Why it failed, for the client; the worker's log has the details.
    message: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
