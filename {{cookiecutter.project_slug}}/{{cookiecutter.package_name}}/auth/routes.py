"""The auth API: register, log in, refresh, log out, and who am I."""

from apiflask import APIBlueprint
from apiflask.types import ResponsesObjectType
from flask import Response
from flask_jwt_extended import current_user, get_jwt, jwt_required
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import Conflict, TooManyRequests, Unauthorized

from ..core.openapi import error_response
from ..database.models import db
from .credentials import account_for, hash_password, needs_rehash, password_matches
from .limits import admit, attempt_key, forget_attempts
from .models import User
from .schemas import AccessToken, Account, Credentials, Registration, Tokens
from .tokens import BEARER, issue_tokens, refreshed_access_token, revoke

bp = APIBlueprint("auth", __name__, tag="Auth")

WRONG_CREDENTIALS = "The e-mail or password is incorrect."
LOGIN_REFUSALS: ResponsesObjectType = {
    401: error_response(WRONG_CREDENTIALS),
    429: error_response(
        "Too many failed logins.", Retry_After="Seconds until the next try."
    ),
}


@bp.post("/register")
@bp.input(Registration, arg_name="registration")
@bp.output(Account, status_code=201)
@bp.doc(responses={409: "An account with this e-mail already exists."})
def register(registration: Registration) -> tuple[Account, int]:
    """Create an account."""
    user = User(
        email=registration.email, password_hash=hash_password(registration.password)
    )
    db.session.add(user)
    try:
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        raise Conflict("An account with this e-mail already exists.") from error
    return Account.model_validate(user), 201


@bp.post("/login")
@bp.input(Credentials, arg_name="credentials")
@bp.output(Tokens)
@bp.doc(responses=LOGIN_REFUSALS)
def login(credentials: Credentials) -> dict[str, str]:
    """Log in.

    Trades an e-mail and password for an access and a refresh token.
    """
    key = attempt_key(credentials.email)
    if (seconds := admit(key)) is not None:
        raise TooManyRequests(
            f"Too many failed logins; try again in {seconds} seconds.",
            retry_after=seconds,
        )
    user = account_for(credentials.email)
    if not password_matches(user, credentials.password):
        # One message for both cases, so nobody learns which addresses exist.
        raise Unauthorized(WRONG_CREDENTIALS)
    forget_attempts(key)
    if needs_rehash(user):
        user.password_hash = hash_password(credentials.password)
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
