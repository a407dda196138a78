"""Brute-force protection: attempts per client, and per client and e-mail, in
sliding windows.

Attempts are rows in the database, so every worker and instance counts the
same ones. An attempt is written before its password is checked, so guesses
sent all at once cannot slip in under the limit together; a successful login
forgets its attempts, so what stays counted are the failures.

Each limit reads its count and window from the app's configuration:

- LOGIN_RATE_LIMIT failed logins per LOGIN_RATE_WINDOW seconds from one
  client address against one e-mail;
- LOGIN_CLIENT_RATE_LIMIT failed logins per LOGIN_CLIENT_RATE_WINDOW seconds
  from one client address, whatever the e-mails;
- REGISTER_RATE_LIMIT registrations per REGISTER_RATE_WINDOW seconds from one
  client address.
"""

import hashlib
import math
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app, request
from sqlalchemy import delete, select

from ..database.models import changed_rows, db, utcnow
from .models import LoginAttempt


@dataclass(frozen=True)
class Limit:
    """How many attempts of one kind a client may make in a window."""

    # Also what sets its keys apart from other limits' keys.
    name: str
    # The configuration keys of the count and the window, in seconds.
    count_setting: str
    window_setting: str

    def allowed(self) -> int:
        """How many attempts the window holds."""
        count: int = current_app.config[self.count_setting]
        return count

    def window(self) -> timedelta:
        """How long an attempt counts."""
        return timedelta(seconds=current_app.config[self.window_setting])

    def key(self, subject: str = "") -> str:
        """Who is trying what: the limit, the client's address and ``subject``
        (an e-mail, or nothing when the limit is per client alone).

        Hashed, so the table keeps no addresses of people without an account.
        """
        text = f"{self.name}\n{request.remote_addr}\n{subject}"
        return hashlib.sha256(text.encode()).hexdigest()


LOGIN = Limit("login", "LOGIN_RATE_LIMIT", "LOGIN_RATE_WINDOW")
LOGIN_CLIENT = Limit(
    "login-client", "LOGIN_CLIENT_RATE_LIMIT", "LOGIN_CLIENT_RATE_WINDOW"
)
REGISTER = Limit("register", "REGISTER_RATE_LIMIT", "REGISTER_RATE_WINDOW")


def wait_beyond(limit: Limit, key: str, allowed: int) -> int | None:
    """Seconds until ``key`` has fewer than ``allowed`` attempts in the window,
    or None if it has fewer already."""
    now = utcnow()
    recent = db.session.scalars(
        select(LoginAttempt.attempted_at)
        .where(
            LoginAttempt.key == key, LoginAttempt.attempted_at > now - limit.window()
        )
        .order_by(LoginAttempt.attempted_at.desc())
        .limit(allowed)
    ).all()
    if len(recent) < allowed:
        return None
    # A place frees up when the oldest of these leaves the window.
    return max(1, math.ceil((recent[-1] + limit.window() - now).total_seconds()))


def admit(limit: Limit, key: str) -> int | None:
    """Count an attempt against ``key``; or, over the limit, return the
    seconds to wait before trying again."""
    allowed = limit.allowed()
    if (seconds := wait_beyond(limit, key, allowed)) is not None:
        return seconds
    forget_old_attempts()
    now = utcnow()
    db.session.add(
        LoginAttempt(key=key, attempted_at=now, forget_at=now + limit.window())
    )
    db.session.commit()
    # Of attempts written at the same moment, only the first ``allowed`` pass.
    return wait_beyond(limit, key, allowed + 1)


def forget_old_attempts() -> int:
    """Delete the attempts that have left their windows; return how many."""
    return changed_rows(delete(LoginAttempt).where(LoginAttempt.forget_at <= utcnow()))


def forget_attempts(key: str) -> None:
    """Start counting afresh for ``key`` after a successful login."""
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.key == key))


def forget_last_attempt(key: str) -> None:
    """Uncount the latest attempt of ``key``: a login that succeeded."""
    latest = db.session.scalar(
        select(LoginAttempt.id)
        .where(LoginAttempt.key == key)
        .order_by(LoginAttempt.id.desc())
        .limit(1)
    )
    if latest is not None:
        db.session.execute(delete(LoginAttempt).where(LoginAttempt.id == latest))
