"""Access and refresh tokens: issuing, checking and revoking them.

The functions marked with ``@jwt`` are flask-jwt-extended's callbacks,
registered on the manager that ``init_app`` binds to the app.
"""

import re
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from flask import current_app, g
from flask_jwt_extended import JWTManager, create_access_token, create_refresh_token
from sqlalchemy import bindparam, delete, select
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import Unauthorized
from werkzeug.wrappers import Response

from ..core.errors import handle_http_error
from ..database.models import MAX_ID, changed_rows, db, utcnow
from .models import RevokedLogin, User

# The tokens each app has verified, at most this many at a time.
MAX_VERIFIED_TOKENS = 1024


class TokenManager(JWTManager):
    """flask-jwt-extended's manager, which verifies each token once per process.

    PyJWT takes about 100 µs to check a token's encoding and signature, and
    flask-jwt-extended decodes each token three times, yet a client sends the
    same access token with every request for the token's whole life. The
    claims of a token that passed are kept, and each later use re-checks only
    what time changes: that the token is within its lifetime. Whether its
    login has ended and its account is active is still read from the
    database on every request (sign_in_state).

    flask-jwt-extended decodes every token through _decode_jwt_from_config;
    a test checks that this override is still the one called.
    """

    def _decode_jwt_from_config(
        self,
        encoded_token: str,
        csrf_value: str | None = None,
        allow_expired: bool = False,
    ) -> dict[str, Any]:
        # One store per app, and the key in each entry's, so that no token
        # is trusted for a key other than the one that verified it.
        verified = current_app.extensions.setdefault("verified_tokens", {})
        secret = current_app.config["JWT_SECRET_KEY"]
        key = (encoded_token, csrf_value, allow_expired, secret)
        claims = verified.get(key)
        if claims is None or not in_lifetime(claims, allow_expired):
            # Raises, as for any token, when this one no longer passes.
            claims = super()._decode_jwt_from_config(
                encoded_token, csrf_value, allow_expired
            )
            if len(verified) >= MAX_VERIFIED_TOKENS:
                verified.clear()
            verified[key] = claims
        # A copy, which the request may change without changing the store;
        # the claims this app issues are all flat.
        return dict(claims)


def in_lifetime(claims: dict[str, Any], allow_expired: bool) -> bool:
    """Whether PyJWT would still accept the time claims of a verified token."""
    leeway = current_app.config["JWT_DECODE_LEEWAY"]
    if isinstance(leeway, timedelta):
        leeway = leeway.total_seconds()
    now = time.time()
    if not allow_expired and "exp" in claims and claims["exp"] <= now - leeway:
        return False
    return all(claims.get(name, 0) <= now + leeway for name in ("nbf", "iat"))


jwt = TokenManager()

# The name of the API document's security scheme: an access token sent as
# "Authorization: Bearer <token>".
BEARER = "bearerAuth"
BEARER_SCHEME = {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
# The login ids issue_tokens makes: uuid4().hex.
LOGIN_ID = re.compile(r"[0-9a-f]{32}")
# A user id as issue_tokens writes it; checked before int(), which refuses
# (and, past 4,300 digits, raises on) what a forged or stale token may hold.
USER_ID = re.compile(r"[1-9][0-9]{0,9}")


def issue_tokens(user: User) -> dict[str, str]:
    """An access and a refresh token for ``user``, sharing a new login id."""
    # "sid" (OpenID Connect's session id) ties both tokens to this login, so
    # logging out with either one revokes both.
    # "ver" is the account's token version: raising it revokes this login.
    claims = {"sid": uuid.uuid4().hex, "ver": user.token_version}
    return {
        "access_token": create_access_token(str(user.id), additional_claims=claims),
        "refresh_token": create_refresh_token(str(user.id), additional_claims=claims),
    }


def refreshed_access_token(payload: dict[str, Any]) -> str:
    """A new access token for the login a refresh token belongs to."""
    claims = {"sid": payload["sid"], "ver": token_version(payload)}
    token: str = create_access_token(payload["sub"], additional_claims=claims)
    return token


def token_version(payload: dict[str, Any]) -> int | None:
    """The account's token version a token was issued under, or None if it
    holds none that issue_tokens could write. Tokens from before versions
    existed hold none and count as version 0."""
    version = payload.get("ver", 0)
    if type(version) is not int or not 0 <= version <= MAX_ID:
        return None
    return version


def revoke_every_login(user: User) -> None:
    """Refuse every token issued to ``user`` until now; the caller commits."""
    user.token_version += 1


def revoke(payload: dict[str, Any]) -> None:
    """End the login a token belongs to, and forget logins whose tokens expired."""
    now = utcnow()
    config = current_app.config
    # No token of this login outlives a refresh token issued now plus the
    # access token that refresh token could still obtain at its last moment.
    expires_at = now + config["JWT_REFRESH_TOKEN_EXPIRES"]
    expires_at += config["JWT_ACCESS_TOKEN_EXPIRES"]
    forget_expired_logins()
    db.session.add(RevokedLogin(id=payload["sid"], expires_at=expires_at))
    # The request's answer to "has this login ended?" is now out of date.
    g.pop("sign_in_state", None)
    try:
        db.session.commit()
    except IntegrityError:
        # Another request revoked the same login a moment ago.
        db.session.rollback()


def forget_expired_logins() -> int:
    """Delete the ended logins whose tokens have all expired; return how many."""
    return changed_rows(delete(RevokedLogin).where(RevokedLogin.expires_at < utcnow()))


@dataclass(frozen=True)
class SignedIn:
    """The account an access token signs in, as flask-jwt-extended's
    ``current_user``: only what requests need to decide what it may do. A
    view that shows more of the account loads its User."""

    id: int
    role: str


# Whether the token's account is active, its role, and whether its login has
# ended: one query by two primary keys, without the ORM's work of making a
# User. Built once, so that SQLAlchemy reuses its compiled form.
SIGN_IN_STATE = select(
    User.is_active,
    User.role,
    User.token_version,
    select(RevokedLogin.id).where(RevokedLogin.id == bindparam("login")).exists(),
).where(User.id == bindparam("user_id"))


def sign_in_state(payload: dict[str, Any]) -> tuple[SignedIn | None, bool]:
    """The active account a token names, if any, and whether its login has ended.

    flask-jwt-extended asks both for every token it accepts, through the two
    callbacks below; the answer is read once and kept for the request.
    """
    login = payload.get("sid")
    if not isinstance(login, str) or not LOGIN_ID.fullmatch(login):
        # Tokens without a login id are refused.
        return None, True
    key = (login, payload.get("sub"))
    cached = g.get("sign_in_state")
    if cached is not None and cached[0] == key:
        state: tuple[SignedIn | None, bool] = cached[1]
        return state
    user_id = token_user_id(payload)
    row = None
    if user_id is not None:
        arguments = {"login": login, "user_id": user_id}
        row = db.session.connection().execute(SIGN_IN_STATE, arguments).first()
    if user_id is None or row is None:
        # No such account: the token is refused either way, and whether its
        # login had ended only chooses the message.
        state = None, db.session.get(RevokedLogin, login) is not None
    else:
        active, role, version, ended = row
        # A token issued before the account's last revocation has ended too.
        ended = ended or token_version(payload) != version
        state = (SignedIn(user_id, role) if active else None), ended
    g.sign_in_state = key, state
    return state


def token_user_id(payload: dict[str, Any]) -> int | None:
    """The user id in a token, if it is one that issue_tokens could write."""
    user_id = payload.get("sub")
    if not (isinstance(user_id, str) and USER_ID.fullmatch(user_id)):
        return None
    return int(user_id) if int(user_id) <= MAX_ID else None


@jwt.token_in_blocklist_loader
def is_revoked(header: dict[str, Any], payload: dict[str, Any]) -> bool:
    """Whether the token's login has ended; tokens without one are refused."""
    return sign_in_state(payload)[1]


@jwt.user_lookup_loader
def load_user(header: dict[str, Any], payload: dict[str, Any]) -> SignedIn | None:
    """The active account a token names, or None, which refuses the token."""
    return sign_in_state(payload)[0]


def refuse(message: str) -> Response:
    """A 401 in the API's error shape, naming the scheme the API expects."""
    response = handle_http_error(Unauthorized(message))
    response.headers["WWW-Authenticate"] = "Bearer"
    return response


@jwt.unauthorized_loader
def missing_token(reason: str) -> Response:
    """No usable Authorization header."""
    return refuse("Send an access token: 'Authorization: Bearer <token>'.")


@jwt.invalid_token_loader
def invalid_token(reason: str) -> Response:
    """A token that is malformed, badly signed, or of the wrong type."""
    # The reason can quote the library's internals; the client needs none.
    return refuse("The token is invalid, or not the kind this route takes.")


@jwt.expired_token_loader
def expired_token(header: dict[str, Any], payload: dict[str, Any]) -> Response:
    """A token past its lifetime."""
    return refuse("The token has expired; refresh it or log in again.")


@jwt.revoked_token_loader
def revoked_token(header: dict[str, Any], payload: dict[str, Any]) -> Response:
    """A token of a login that has ended."""
    return refuse("The token has been revoked; log in again.")


@jwt.user_lookup_error_loader
def unknown_user(header: dict[str, Any], payload: dict[str, Any]) -> Response:
    """A token whose user is gone or deactivated."""
    return refuse("The token's account no longer exists or is disabled.")
