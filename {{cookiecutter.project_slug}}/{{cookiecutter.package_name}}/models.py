"""Database models."""

import unicodedata
from datetime import UTC, datetime
{% if cookiecutter.use_jwt %}
from sqlalchemy import (
    DateTime,
    ForeignKey,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
{%- else %}
from sqlalchemy import DateTime, String, Text, TypeDecorator
{%- endif %}
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Mapped, mapped_column, validates

from .extensions import db

# Ids are 32-bit; some databases fail instead of finding nothing for larger ones.
MAX_ID = 2**31 - 1


def normalize_email(email: str) -> str:
    """The one form an address is stored and looked up in: trimmed, lowercased
    and in Unicode's composed form."""
    return unicodedata.normalize("NFC", email.strip().lower())


def utcnow() -> datetime:
    """The current time in UTC, to the second, which every backend stores exactly."""
    return datetime.now(UTC).replace(microsecond=0)


class UTCDateTime(TypeDecorator[datetime]):
    """Stores UTC as a plain timestamp; reads it back as an aware UTC datetime.

    Not every backend keeps time zones, so all of them store UTC without one.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(
        self, value: datetime | None, dialect: Dialect
    ) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("datetimes stored in the database must be aware")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(
        self, value: datetime | None, dialect: Dialect
    ) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Timestamped:
    """Creation and last-update times, set by the application."""

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow
    )


class User(Timestamped, db.Model):
    """Someone who can sign in."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default="user")
    is_active: Mapped[bool] = mapped_column(default=True)

    @validates("email")
    def normalize_email(self, key: str, email: str) -> str:
        """Store each address in one form, so that it is unique once."""
        return normalize_email(email)
{%- if cookiecutter.use_jwt %}

    def to_dict(self) -> dict[str, object]:
        """The account as the API shows it, without the password hash."""
        return {
            "id": self.id,
            "email": self.email,
            "role": self.role,
            "is_active": self.is_active,
            "created_at": self.created_at.isoformat(),
        }
{%- endif %}


class Note(Timestamped, db.Model):
    """A titled piece of text: the example resource of the JSON API."""

    __tablename__ = "notes"
{%- if cookiecutter.use_jwt %}
    # Unique per owner: a taken title says nothing about other users' notes.
    __table_args__ = (UniqueConstraint("owner_id", "title"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
{%- else %}

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200), unique=True)
{%- endif %}
    body: Mapped[str] = mapped_column(Text, default="")

    def to_dict(self) -> dict[str, object]:
        """The note as the API shows it."""
        return {
            "id": self.id,
            "title": self.title,
            "body": self.body,
            "created_at": self.created_at.isoformat(),
            "updated_at": self.updated_at.isoformat(),
        }
