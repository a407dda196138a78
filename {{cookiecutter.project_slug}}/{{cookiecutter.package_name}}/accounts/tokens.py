"""Mailed tokens: random, kept only as hashes, single use, short-lived, and
replaced by the next one of the same purpose."""

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import delete, select

from ..auth.models import User
from ..database.models import changed_rows, db, utcnow
from .models import AccountToken

VERIFY = "verify"
RESET = "reset"
# secrets.token_urlsafe(32) makes 43 characters; anything much longer is no token.
MAX_TOKEN_LENGTH = 100


def token_hash(token: str) -> str:
    """What is stored of a token."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def issue_token(user: User, purpose: str, lifetime: int) -> str:
    """A new token for ``user``, valid ``lifetime`` seconds; earlier tokens of
    the same purpose stop working. The caller commits."""
    forget_expired_tokens()
    db.session.execute(
        delete(AccountToken).where(
            AccountToken.user_id == user.id, AccountToken.purpose == purpose
        )
    )
    token = secrets.token_urlsafe(32)
    db.session.add(
        AccountToken(
            user_id=user.id,
            purpose=purpose,
            token_hash=token_hash(token),
            expires_at=utcnow() + timedelta(seconds=lifetime),
        )
    )
    return token


def spend_token(token: str, purpose: str) -> User | None:
    """The active account a valid token of ``purpose`` belongs to, having used
    the token up; None if there is none. The caller commits."""
    found = db.session.execute(
        select(AccountToken.id, AccountToken.user_id).where(
            AccountToken.token_hash == token_hash(token),
            AccountToken.purpose == purpose,
            AccountToken.expires_at > utcnow(),
        )
    ).first()
    if found is None:
        return None
    # Of two requests spending the same token at once, one deletes it.
    if not changed_rows(delete(AccountToken).where(AccountToken.id == found.id)):
        return None
    user = db.session.get(User, found.user_id)
    return user if user is not None and user.is_active else None


def forget_expired_tokens() -> int:
    """Delete the tokens that have expired; return how many."""
    return changed_rows(delete(AccountToken).where(AccountToken.expires_at <= utcnow()))
