"""The auth API: register, log in, refresh, log out, who am I, and a new password."""

from apiflask import APIBlueprint
from apiflask.types import ResponsesObjectType
from flask import Response, current_app
from flask_jwt_extended import current_user, get_jwt, jwt_required
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import Forbidden, TooManyRequests, Unauthorized

from ..core.openapi import error_response
from ..database.models import db
from .credentials import account_for, hash_password, needs_rehash, password_matches
from .limits import (
    LOGIN,
    LOGIN_CLIENT,
    REGISTER,
    Limit,
    admit,
    forget_attempts,
    forget_last_attempt,
)
from .models import User
from .schemas import (
    AccessToken,
    Account,
    Credentials,
    PasswordChange,
    Received,
    Registration,
    Tokens,
)
from .signals import registered, registration_repeated
from .tokens import (
    BEARER,
    issue_tokens,
    refreshed_access_token,
    revoke,
    revoke_every_login,
)

bp = APIBlueprint("auth", __name__, tag="Auth")

WRONG_CREDENTIALS = "The e-mail or password is incorrect."
WRONG_PASSWORD = "The current password is incorrect."
REGISTRATION_RECEIVED = (
    "Registration received. Log in with the e-mail and password to continue."
)
LOGIN_REFUSALS: ResponsesObjectType = {
    401: error_response(WRONG_CREDENTIALS),
    429: error_response(
        "Too many failed logins.", Retry_After="Seconds until the next try."
    ),
}
REGISTRATION_REFUSALS: ResponsesObjectType = {
    429: error_response(
        "Too many registrations from this client.",
        Retry_After="Seconds until the next try.",
    )
}
CHANGE_REFUSALS: ResponsesObjectType = {
    403: error_response(WRONG_PASSWORD),
    429: LOGIN_REFUSALS[429],
}


@bp.post("/register")
@bp.input(Registration, arg_name="registration")
@bp.output(Received, status_code=202)
@bp.doc(responses=REGISTRATION_REFUSALS)
def register(registration: Registration) -> tuple[dict[str, str], int]:
    """Register an account.

    The answer is the same whether or not the address already has an
    account, so nobody learns which addresses do; log in to continue.
    """
    refuse_over(REGISTER, REGISTER.key())
    # Hashed either way, so that both answers take as long.
    password_hash = hash_password(registration.password)
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    existing = account_for(registration.email)
    if existing is None:
        user = User(email=registration.email, password_hash=password_hash)
        db.session.add(user)
        try:
            db.session.commit()
        except IntegrityError:
            # Registered a moment ago by another request.
            db.session.rollback()
            existing = account_for(registration.email)
        else:
            registered.send(app, user=user)
    if existing is not None:
        registration_repeated.send(app, user=existing)
    return {"message": REGISTRATION_RECEIVED}, 202


def refuse_over(limit: Limit, key: str) -> None:
    """Count an attempt against ``key``; over the limit, answer 429."""
    if (seconds := admit(limit, key)) is not None:
        raise TooManyRequests(
            f"Too many attempts; try again in {seconds} seconds.",
            retry_after=seconds,
        )


@bp.post("/login")
@bp.input(Credentials, arg_name="credentials")
@bp.output(Tokens)
@bp.doc(responses=LOGIN_REFUSALS)
def login(credentials: Credentials) -> dict[str, str]:
    """Log in.

    Trades an e-mail and password for an access and a refresh token.
    """
    client = LOGIN_CLIENT.key()
    refuse_over(LOGIN_CLIENT, client)
    key = LOGIN.key(credentials.email)
    refuse_over(LOGIN, key)
    user = account_for(credentials.email)
    if not password_matches(user, credentials.password):
        # One message for both cases, so nobody learns which addresses exist.
        raise Unauthorized(WRONG_CREDENTIALS)
    forget_attempts(key)
    forget_last_attempt(client)
    if needs_rehash(user):
        user.password_hash = hash_password(credentials.password)
    db.session.commit()
    return issue_tokens(user)


@bp.post("/password/change")
@bp.input(PasswordChange, arg_name="change")
@bp.output(Tokens)
@bp.doc(
    security=BEARER,
    responses=CHANGE_REFUSALS,
    description=(
        "Revokes every token of the account, those of this login too, and "
        "answers with the tokens of a new login."
    ),
)
@jwt_required()
def change_password(change: PasswordChange) -> dict[str, str]:
    """Change the password."""
    user = db.get_or_404(User, current_user.id)
    # Guessing the current password is limited as logging in is.
    key = LOGIN.key(user.email)
    refuse_over(LOGIN, key)
    if not password_matches(user, change.current_password):
        raise Forbidden(WRONG_PASSWORD)
    forget_attempts(key)
    user.password_hash = hash_password(change.password)
    revoke_every_login(user)
    db.session.commit()
    return issue_tokens(user)


@bp.post("/refresh")
@bp.output(AccessToken)
@bp.doc(security=BEARER, description="Send the refresh token as the bearer token.")
@jwt_required(refresh=True)
def refresh() -> dict[str, str]:
    """Get a new access token."""
    return {"access_token": refreshed_access_token(get_jwt())}


@bp.post("/logout")
@bp.output({}, status_code=204)
@bp.doc(
    security=BEARER,
    description="Revokes the token sent, access or refresh, and the other of its login.",
)
@jwt_required(verify_type=False)
def logout() -> Response:
    """Log out."""
    revoke(get_jwt())
    return Response(status=204)


@bp.get("/me")
@bp.output(Account)
@bp.doc(security=BEARER)
@jwt_required()
def me() -> Account:
    """Get the signed-in account."""
    return Account.model_validate(db.get_or_404(User, current_user.id))
