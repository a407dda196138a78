"""E-mail addresses and passwords: what is accepted and how passwords are kept."""

import re
import unicodedata
from functools import cache
from typing import TypeGuard

import bcrypt
from flask import current_app
from sqlalchemy import select

from ..database.models import db
from .models import User, normalize_email

# The longest address SMTP can deliver to.
MAX_EMAIL_LENGTH = 254
# A local part, then a domain of letters, digits and inner hyphens with a
# top-level name. Checked after trimming and lowercasing.
EMAIL = re.compile(
    r"[^@\s\x00-\x1f\x7f]{1,64}@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}"
)
MIN_PASSWORD_LENGTH = 8
# bcrypt reads only the first 72 bytes of a password. Longer ones are refused
# rather than cut, so two different long passwords never count as the same.
MAX_PASSWORD_BYTES = 72
CONTROL_CHARACTER = re.compile(r"[\x00-\x1f\x7f]")


def email_error(value: str) -> str | None:
    """Explain why ``value`` is not an acceptable e-mail address, or return None."""
    email = normalize_email(value)
    if (
        len(email) > MAX_EMAIL_LENGTH
        or not email.isprintable()
        or not EMAIL.fullmatch(email)
    ):
        return "Must be an e-mail address such as name@example.com."
    return None


def account_for(email: str) -> User | None:
    """The account whose address is exactly ``email``, normalised, if any."""
    user = db.session.scalar(select(User).where(User.email == email))
    # Some databases' default collations also match addresses that differ in
    # accents.
    return user if user is not None and user.email == email else None


def normalize_password(password: str) -> str:
    """The password in Unicode's compatibility form, so that it matches
    however a keyboard composes its accents."""
    return unicodedata.normalize("NFKC", password)


def password_bytes(password: str) -> bytes:
    """What bcrypt hashes."""
    # Lone surrogates cannot pass the policy, but a login may still send them.
    return normalize_password(password).encode("utf-8", "surrogatepass")


def password_error(value: str) -> str | None:
    """Explain why ``value`` is not an acceptable new password, or return None."""
    if len(normalize_password(value)) < MIN_PASSWORD_LENGTH:
        return f"Must be at least {MIN_PASSWORD_LENGTH} characters."
    if CONTROL_CHARACTER.search(value):
        return "Must not contain control characters."
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "Must be valid Unicode text."
    if len(password_bytes(value)) > MAX_PASSWORD_BYTES:
        return (
            f"Must be at most {MAX_PASSWORD_BYTES} bytes in UTF-8: "
            f"{MAX_PASSWORD_BYTES} plain letters, fewer with accents or emoji."
        )
    return None


def hash_password(password: str) -> str:
    """A salted bcrypt hash of an accepted password, at the configured cost."""
    rounds = current_app.config["BCRYPT_LOG_ROUNDS"]
    return bcrypt.hashpw(password_bytes(password), bcrypt.gensalt(rounds)).decode()


@cache
def decoy_hash(rounds: int) -> bytes:
    """A hash no password is checked against for real, at a given cost."""
    return bcrypt.hashpw(b"decoy", bcrypt.gensalt(rounds))


def password_matches(user: User | None, password: str) -> TypeGuard[User]:
    """Whether ``user`` exists, is active and has this password.

    Every answer takes as long as a real check, so response times do not
    tell which e-mail addresses have accounts.
    """
    secret = password_bytes(password)
    if user is None or not user.is_active or len(secret) > MAX_PASSWORD_BYTES:
        rounds = current_app.config["BCRYPT_LOG_ROUNDS"]
        bcrypt.checkpw(secret[:MAX_PASSWORD_BYTES], decoy_hash(rounds))
        return False
    return bool(bcrypt.checkpw(secret, user.password_hash.encode()))


def needs_rehash(user: User) -> bool:
    """Whether the user's hash was made at another cost than configured now."""
    # A bcrypt hash reads $2b$<cost>$<salt and hash>.
    cost = int(user.password_hash.split("$")[2])
    return bool(cost != current_app.config["BCRYPT_LOG_ROUNDS"])
