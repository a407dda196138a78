"""The export table, when each export belongs to an account."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..database.models import Base, Timestamped, UTCDateTime


class Export(Timestamped, Base):
    """A copy of one account's notes that a worker builds, and how building
    it went."""

    __tablename__ = "exports"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(10), default="pending")
    # How many times a worker has started to build it.
    attempts: Mapped[int] = mapped_column(default=0)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Why it failed, for the client; the worker's log has the details.
    message: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
