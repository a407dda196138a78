"""What accounts keep in the database: users, ended logins, failed attempts."""

import unicodedata
from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column, validates

from ..database.exact import exact_string
from ..database.models import Base, Timestamped, UTCDateTime, utcnow


def normalize_email(email: str) -> str:
    """The one form an address is stored and looked up in: trimmed, lowercased
    and in Unicode's composed form."""
    return unicodedata.normalize("NFC", email.strip().lower())


class User(Timestamped, Base):
    """Someone who can sign in."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(exact_string(320), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default="user")
    is_active: Mapped[bool] = mapped_column(default=True)
    # Tokens carry the version they were issued under; raising it revokes
    # every token issued before (a new password, a deactivation).
    token_version: Mapped[int] = mapped_column(default=0)

    @validates("email")
    def normalize_email(self, key: str, email: str) -> str:
        """Store each address in one form, so that it is unique once."""
        return normalize_email(email)


class RevokedLogin(Base):
    """A login ended by logging out; its tokens are refused until they expire."""

    __tablename__ = "revoked_logins"

    # The "sid" claim that the access and refresh tokens of one login share.
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class LoginAttempt(Base):
    """An attempt (a login, a registration), counted against its key for a while.

    A successful login deletes its attempts, so the failures remain.
    """

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    # A hash of the limit, the client's address and the e-mail tried, if
    # any; see limits.py.
    key: Mapped[str] = mapped_column(String(64), index=True)
    attempted_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, index=True
    )
    # When the attempt has left its limit's window and may be deleted.
    forget_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
