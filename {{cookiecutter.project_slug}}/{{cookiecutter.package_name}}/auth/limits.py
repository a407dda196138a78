"""Brute-force protection: failed logins per client and e-mail, in a sliding window.

Failures are rows in the database, so every worker and instance counts the
same ones. Only failures are written, so an attacker who is being refused
adds nothing.
"""

import hashlib
import math
from datetime import timedelta

from flask import current_app, request
from sqlalchemy import delete, select

from ..extensions import db
from ..models import utcnow
from .models import LoginFailure


def attempt_key(email: str) -> str:
    """Who is trying which account: the client's address and the e-mail.

    Hashed, so the table keeps no addresses of people without an account.
    """
    subject = f"{request.remote_addr}\n{email}"
    return hashlib.sha256(subject.encode("utf-8", "surrogatepass")).hexdigest()


def window() -> timedelta:
    """How long a failed login counts against its key."""
    return timedelta(seconds=current_app.config["LOGIN_RATE_WINDOW"])


def retry_after(key: str) -> int | None:
    """Seconds until ``key`` may try again, or None while it is under the limit."""
    limit = current_app.config["LOGIN_RATE_LIMIT"]
    now = utcnow()
    recent = db.session.scalars(
        select(LoginFailure.failed_at)
        .where(LoginFailure.key == key, LoginFailure.failed_at > now - window())
        .order_by(LoginFailure.failed_at.desc())
        .limit(limit)
    ).all()
    if len(recent) < limit:
        return None
    # Another try is allowed once the oldest of the last ``limit`` failures
    # has left the window.
    return max(1, math.ceil((recent[-1] + window() - now).total_seconds()))


def record_failure(key: str) -> None:
    """Count a failed login against ``key``, and drop failures that no longer count."""
    now = utcnow()
    db.session.execute(
        delete(LoginFailure).where(LoginFailure.failed_at <= now - window())
    )
    db.session.add(LoginFailure(key=key, failed_at=now))
    db.session.commit()


def forget_failures(key: str) -> None:
    """Start counting afresh for ``key`` after a successful login."""
    db.session.execute(delete(LoginFailure).where(LoginFailure.key == key))
    db.session.commit()
