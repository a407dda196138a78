"""The auth API: register, log in, refresh, log out, and who am I."""

from flask import Blueprint, Response
from flask_jwt_extended import current_user, get_jwt, jwt_required
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import Conflict, TooManyRequests, Unauthorized

from ..core.validation import ValidationError, json_object, reject_unknown
from ..database.models import db
from .credentials import (
    account_for,
    email_error,
    hash_password,
    needs_rehash,
    password_error,
    password_matches,
)
from .limits import admit, attempt_key, forget_attempts
from .models import User, normalize_email
from .tokens import issue_tokens, refreshed_access_token, revoke

bp = Blueprint("auth", __name__)

FIELDS = {"email", "password"}


@bp.post("/register")
def register() -> tuple[dict[str, object], int]:
    """Create an account from ``{"email": ..., "password": ...}``."""
    data = json_object()
    errors = reject_unknown(data, FIELDS)
    for name, check in (("email", email_error), ("password", password_error)):
        if name not in data:
            errors[name] = "This field is required."
        elif error := check(data[name]):
            errors[name] = error
    if errors:
        raise ValidationError(errors)
    email, password = str(data["email"]), str(data["password"])
    user = User(email=email, password_hash=hash_password(password))
    db.session.add(user)
    try:
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        raise Conflict("An account with this e-mail already exists.") from error
    return user.to_dict(), 201


@bp.post("/login")
def login() -> dict[str, str]:
    """Trade an e-mail and password for an access and a refresh token."""
    data = json_object()
    errors = reject_unknown(data, FIELDS)
    if "email" not in data:
        errors["email"] = "This field is required."
    elif error := email_error(data["email"]):
        errors["email"] = error
    if not isinstance(data.get("password"), str):
        errors["password"] = "Must be a string."
    if errors:
        raise ValidationError(errors)
    email, password = normalize_email(str(data["email"])), str(data["password"])
    key = attempt_key(email)
    if (seconds := admit(key)) is not None:
        raise TooManyRequests(
            f"Too many failed logins; try again in {seconds} seconds.",
            retry_after=seconds,
        )
    user = account_for(email)
    if not password_matches(user, password):
        # One message for both cases, so nobody learns which addresses exist.
        raise Unauthorized("The e-mail or password is incorrect.")
    forget_attempts(key)
    if needs_rehash(user):
        user.password_hash = hash_password(password)
    db.session.commit()
    return issue_tokens(user)


@bp.post("/refresh")
@jwt_required(refresh=True)
def refresh() -> dict[str, str]:
    """A new access token, for a refresh token."""
    return {"access_token": refreshed_access_token(get_jwt())}


@bp.post("/logout")
@jwt_required(verify_type=False)
def logout() -> Response:
    """Revoke the token presented, access or refresh, and the other of its login."""
    revoke(get_jwt())
    return Response(status=204)


@bp.get("/me")
@jwt_required()
def me() -> dict[str, object]:
    """The signed-in account."""
    user: User = current_user
    return user.to_dict()
