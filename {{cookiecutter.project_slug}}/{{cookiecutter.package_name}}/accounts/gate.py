"""REQUIRE_VERIFIED_EMAIL: unverified accounts keep to the auth API."""

from flask import request
from flask_jwt_extended import get_current_user, verify_jwt_in_request
from flask_jwt_extended.exceptions import JWTExtendedException
from jwt import PyJWTError
from werkzeug.exceptions import Forbidden
from werkzeug.wrappers import Response

from ..core.errors import handle_http_error
from ..database.models import db
from .models import EmailVerification

# What an unverified account may still call: the auth API (log in, verify,
# refresh, log out, me, passwords) and the API's document.
OPEN_TO_UNVERIFIED = ("/api/auth/", "/api/openapi.json", "/api/docs")
UNVERIFIED = "Verify your e-mail address first: open the link mailed to it."


def refuse_unverified() -> Response | None:
    """A 403 for a request outside the auth API signed in as an account whose
    address is not verified; None, to go on, for any other."""
    if not request.path.startswith("/api/") or request.path.startswith(
        OPEN_TO_UNVERIFIED
    ):
        return None
    try:
        verify_jwt_in_request(optional=True)
    except (JWTExtendedException, PyJWTError):
        # A bad token: the view's own check answers it.
        return None
    user = get_current_user()
    if user is None or db.session.get(EmailVerification, user.id) is not None:
        return None
    return handle_http_error(Forbidden(UNVERIFIED))
