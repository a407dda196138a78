"""The account API that e-mail makes possible: verify an address, and choose
a new password through a mailed link."""

from apiflask import APIBlueprint
from apiflask.types import ResponsesObjectType
from flask import Response
from werkzeug.exceptions import BadRequest, TooManyRequests

from ..auth.credentials import account_for, hash_password
from ..auth.limits import admit
from ..auth.tokens import revoke_every_login
from ..core.openapi import error_response
from ..database.models import db
from .limits import FORGOT
from .mails import mark_verified, send_reset
from .schemas import ForgottenPassword, MailedToken, PasswordReset, Received
from .tokens import RESET, VERIFY, spend_token

bp = APIBlueprint("accounts", __name__, tag="Auth")

BAD_TOKEN = "The link is invalid, used or expired; ask for a new one."
BAD_TOKEN_REFUSALS: ResponsesObjectType = {400: error_response(BAD_TOKEN)}
FORGOT_REFUSALS: ResponsesObjectType = {
    429: error_response(
        "Too many requests from this client.",
        Retry_After="Seconds until the next try.",
    )
}
RESET_MAILED = (
    "If the address has an account, a link to choose a new password is on its way."
)


@bp.post("/verify")
@bp.input(MailedToken, arg_name="body")
@bp.output({}, status_code=204)
@bp.doc(responses=BAD_TOKEN_REFUSALS)
def verify(body: MailedToken) -> Response:
    """Verify an e-mail address.

    Takes the token from the link mailed at registration.
    """
    user = spend_token(body.token, VERIFY)
    if user is None:
        raise BadRequest(BAD_TOKEN)
    mark_verified(user)
    db.session.commit()
    return Response(status=204)


@bp.post("/password/forgot")
@bp.input(ForgottenPassword, arg_name="body")
@bp.output(Received, status_code=202)
@bp.doc(responses=FORGOT_REFUSALS)
def forgot_password(body: ForgottenPassword) -> tuple[dict[str, str], int]:
    """Ask for a link to choose a new password.

    The answer is the same whether or not the address has an account.
    """
    if (seconds := admit(FORGOT, FORGOT.key())) is not None:
        raise TooManyRequests(
            f"Too many requests; try again in {seconds} seconds.",
            retry_after=seconds,
        )
    user = account_for(body.email)
    if user is not None and user.is_active:
        send_reset(user)
    return {"message": RESET_MAILED}, 202


@bp.post("/password/reset")
@bp.input(PasswordReset, arg_name="body")
@bp.output({}, status_code=204)
@bp.doc(
    responses=BAD_TOKEN_REFUSALS,
    description=(
        "Revokes every token the account had, and verifies its address: the "
        "link reached it."
    ),
)
def reset_password(body: PasswordReset) -> Response:
    """Choose a new password with a mailed token."""
    user = spend_token(body.token, RESET)
    if user is None:
        raise BadRequest(BAD_TOKEN)
    user.password_hash = hash_password(body.password)
    revoke_every_login(user)
    mark_verified(user)
    db.session.commit()
    return Response(status=204)
