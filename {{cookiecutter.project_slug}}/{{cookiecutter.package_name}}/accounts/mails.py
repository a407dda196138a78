"""The mails accounts get, sent when the auth API announces what happened."""

from typing import Any
from urllib.parse import urlencode, urlsplit

from flask import Flask, current_app

from ..auth.models import User
from ..database.models import db
from ..mail.outbox import send_mail
from .models import EmailVerification
from .tokens import RESET, VERIFY, issue_token

# The front end's pages that the links open, under PUBLIC_URL; each posts the
# token to the API.
VERIFY_PAGE = "/verify-email"
RESET_PAGE = "/reset-password"


def link(page: str, token: str) -> str:
    """The link to a front-end page, carrying ``token=<token>``."""
    public_url: str = current_app.config["PUBLIC_URL"]
    return f"{public_url}{page}?{urlencode({'token': token})}"


def site() -> str:
    """How mails name the site: PUBLIC_URL's host."""
    public_url: str = current_app.config["PUBLIC_URL"]
    return urlsplit(public_url).netloc


def duration(seconds: int) -> str:
    """A lifetime as mails state it: "48 hours", "30 minutes"."""
    if seconds % 3600 == 0:
        hours = seconds // 3600
        return f"{hours} hour" if hours == 1 else f"{hours} hours"
    minutes = max(1, seconds // 60)
    return f"{minutes} minute" if minutes == 1 else f"{minutes} minutes"


def send_verification(sender: Flask, user: User, **extra: Any) -> None:
    """Mail a new account the link that verifies its address."""
    lifetime = current_app.config["VERIFY_TOKEN_EXPIRES"]
    token = issue_token(user, VERIFY, lifetime)
    db.session.commit()
    send_mail(
        user.email,
        "Confirm your e-mail address",
        "verify",
        email=user.email,
        site=site(),
        link=link(VERIFY_PAGE, token),
        lasting=duration(lifetime),
    )


def send_taken_notice(sender: Flask, user: User, **extra: Any) -> None:
    """Tell an account's owner that someone tried to register the address."""
    send_mail(
        user.email,
        "Someone tried to register with your address",
        "taken",
        email=user.email,
        site=site(),
    )


def send_reset(user: User) -> None:
    """Mail an account the link that lets its owner choose a new password."""
    lifetime = current_app.config["RESET_TOKEN_EXPIRES"]
    token = issue_token(user, RESET, lifetime)
    db.session.commit()
    send_mail(
        user.email,
        "Choose a new password",
        "reset",
        email=user.email,
        site=site(),
        link=link(RESET_PAGE, token),
        lasting=duration(lifetime),
    )


def mark_verified(user: User) -> None:
    """Record that ``user``'s owner reads its address; the caller commits."""
    if db.session.get(EmailVerification, user.id) is None:
        db.session.add(EmailVerification(user_id=user.id))


def vouch(sender: Flask, user: User, **extra: Any) -> None:
    """An account an operator made counts as verified."""
    mark_verified(user)
    db.session.commit()
