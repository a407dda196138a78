"""The note table, when notes belong to nobody in particular."""

from sqlalchemy import Text
from sqlalchemy.orm import Mapped, mapped_column

from ..database.exact import exact_string
from ..database.models import Base, Timestamped


class Note(Timestamped, Base):
    """A titled piece of text: the example resource of the JSON API."""

    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(exact_string(200), unique=True)
    body: Mapped[str] = mapped_column(Text, default="")
