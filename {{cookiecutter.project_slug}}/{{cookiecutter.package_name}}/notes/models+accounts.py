"""The note table, when each note belongs to an account."""

from sqlalchemy import ForeignKey, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..database.exact import exact_string
from ..database.models import Base, Timestamped


class Note(Timestamped, Base):
    """A titled piece of text: the example resource of the JSON API."""

    __tablename__ = "notes"
    # Unique per owner: a taken title says nothing about other users' notes.
    __table_args__ = (UniqueConstraint("owner_id", "title"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(exact_string(200))
    body: Mapped[str] = mapped_column(Text, default="")
