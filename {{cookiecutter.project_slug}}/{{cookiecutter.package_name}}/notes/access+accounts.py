"""Who may see and write which notes: signed-in users, their own."""

from flask import Blueprint
from flask_jwt_extended import current_user, verify_jwt_in_request
from sqlalchemy import Select, select

from ..auth.tokens import BEARER
from .models import Note

# The API document shows every notes route as needing an access token.
SECURITY = BEARER


def protect(bp: Blueprint) -> None:
    """Every notes route needs an access token."""
    bp.before_request(require_sign_in)


def require_sign_in() -> None:
    """Refuse a request without a valid access token (401)."""
    verify_jwt_in_request()


def visible_notes() -> Select[Note]:
    """The notes of the signed-in user."""
    return select(Note).where(Note.owner_id == current_user.id)


def new_note(title: str, body: str = "") -> Note:
    """A note owned by the signed-in user."""
    return Note(owner_id=current_user.id, title=title, body=body)
