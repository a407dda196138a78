"""Brute-force protection: login attempts per client and e-mail, in a sliding window.

Attempts are rows in the database, so every worker and instance counts the
same ones. An attempt is written before its password is checked, so guesses
sent all at once cannot slip in under the limit together; a successful login
forgets its key's attempts, so what stays counted are the failures.
"""

import hashlib
import math
from datetime import timedelta

from flask import current_app, request
from sqlalchemy import delete, select

from ..database.models import changed_rows, db, utcnow
from .models import LoginAttempt


def attempt_key(email: str) -> str:
    """Who is trying which account: the client's address and the e-mail.

    Hashed, so the table keeps no addresses of people without an account.
    """
    subject = f"{request.remote_addr}\n{email}"
    return hashlib.sha256(subject.encode()).hexdigest()


def window() -> timedelta:
    """How long an attempt counts against its key."""
    return timedelta(seconds=current_app.config["LOGIN_RATE_WINDOW"])


def wait_beyond(key: str, allowed: int) -> int | None:
    """Seconds until ``key`` has fewer than ``allowed`` attempts in the window,
    or None if it has fewer already."""
    now = utcnow()
    recent = db.session.scalars(
        select(LoginAttempt.attempted_at)
        .where(LoginAttempt.key == key, LoginAttempt.attempted_at > now - window())
        .order_by(LoginAttempt.attempted_at.desc())
        .limit(allowed)
    ).all()
    if len(recent) < allowed:
        return None
    # A place frees up when the oldest of these leaves the window.
    return max(1, math.ceil((recent[-1] + window() - now).total_seconds()))


def admit(key: str) -> int | None:
    """Count a login attempt against ``key``; or, over the limit, return the
    seconds to wait before trying again."""
    limit = current_app.config["LOGIN_RATE_LIMIT"]
    if (seconds := wait_beyond(key, limit)) is not None:
        return seconds
    forget_old_attempts()
    db.session.add(LoginAttempt(key=key, attempted_at=utcnow()))
    db.session.commit()
    # Of attempts written at the same moment, only the first ``limit`` pass.
    return wait_beyond(key, limit + 1)


def forget_old_attempts() -> int:
    """Delete the attempts that have left the window; return how many."""
    cutoff = utcnow() - window()
    return changed_rows(delete(LoginAttempt).where(LoginAttempt.attempted_at <= cutoff))


def forget_attempts(key: str) -> None:
    """Start counting afresh for ``key`` after a successful login."""
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.key == key))
