"""What authentication keeps in the database besides the users."""

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..models import UTCDateTime, utcnow


class RevokedLogin(db.Model):
    """A login ended by logging out; its tokens are refused until they expire."""

    __tablename__ = "revoked_logins"

    # The "sid" claim that the access and refresh tokens of one login share.
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class LoginAttempt(db.Model):
    """A login attempt, counted against its client and e-mail for a while.

    A successful login deletes its key's attempts, so the failures remain.
    """

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    # A hash of the client's address and the e-mail tried; see limits.py.
    key: Mapped[str] = mapped_column(String(64), index=True)
    attempted_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, index=True
    )
