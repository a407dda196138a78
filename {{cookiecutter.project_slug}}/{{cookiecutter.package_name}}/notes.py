"""The notes API: the example resource, showing the project's JSON conventions."""

from flask import Blueprint, Response, url_for
{%- if cookiecutter.use_jwt %}
from flask_jwt_extended import current_user, verify_jwt_in_request
{%- endif %}
from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import Conflict, NotFound

from .extensions import db
from .models import MAX_ID, Note
from .pagination import page_of
from .validation import ValidationError, json_object, reject_unknown, text_error

bp = Blueprint("notes", __name__)

LIMITS = {"title": 200, "body": 10_000}
{%- if cookiecutter.use_jwt %}


@bp.before_request
def require_sign_in() -> None:
    """Every notes route needs an access token; users see only their own notes."""
    verify_jwt_in_request()


def visible_notes() -> Select[tuple[Note]]:
    """The notes of the signed-in user."""
    return select(Note).where(Note.owner_id == current_user.id)
{%- else %}


def visible_notes() -> Select[tuple[Note]]:
    """The notes a request may see: all of them."""
    return select(Note)
{%- endif %}


@bp.get("")
def list_notes() -> dict[str, object]:
    """One page of notes, newest first, with the total count."""
    return page_of(visible_notes().order_by(Note.id.desc()), Note.to_dict)


@bp.post("")
def create_note() -> tuple[dict[str, object], int, dict[str, str]]:
    """Create a note from ``{"title": ..., "body": ...}``."""
    fields = note_fields(json_object(), partial=False)
{%- if cookiecutter.use_jwt %}
    note = Note(owner_id=current_user.id, **fields)
{%- else %}
    note = Note(**fields)
{%- endif %}
    db.session.add(note)
    commit_or_conflict()
    location = url_for("notes.get_note", note_id=note.id)
    return note.to_dict(), 201, {"Location": location}


@bp.get("/<int:note_id>")
def get_note(note_id: int) -> dict[str, object]:
    """One note."""
    return find_note(note_id).to_dict()


@bp.patch("/<int:note_id>")
def update_note(note_id: int) -> dict[str, object]:
    """Change the fields given, leaving the others as they are."""
    note = find_note(note_id)
    for name, value in note_fields(json_object(), partial=True).items():
        setattr(note, name, value)
    commit_or_conflict()
    return note.to_dict()


@bp.delete("/<int:note_id>")
def delete_note(note_id: int) -> Response:
    """Delete a note."""
    db.session.delete(find_note(note_id))
    commit_or_conflict()
    return Response(status=204)


def find_note(note_id: int) -> Note:
    """The note with this id, or a 404 if the request may not see it."""
    query = visible_notes().where(Note.id == note_id)
    note = db.session.scalar(query) if note_id <= MAX_ID else None
    if note is None:
        raise NotFound(f"There is no note {note_id}.")
    return note


def note_fields(data: dict[str, object], partial: bool) -> dict[str, object]:
    """The validated fields of a request body; a PATCH may leave any out."""
    errors = reject_unknown(data, set(LIMITS))
    if not partial and "title" not in data:
        errors["title"] = "This field is required."
    for name, limit in LIMITS.items():
        if name in data:
            error = text_error(data[name], limit, required=name == "title")
            if error:
                errors[name] = error
    if errors:
        raise ValidationError(errors)
    fields = {name: data[name] for name in LIMITS if name in data}
    if "title" in fields:
        fields["title"] = fields["title"].strip()
    return fields


def commit_or_conflict() -> None:
    """Commit the request's transaction: a duplicate title is a 409, and a
    note another request deleted in the meantime is a 404."""
    try:
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        raise Conflict("A note with this title already exists.") from error
    except StaleDataError as error:
        db.session.rollback()
        raise NotFound("The note was deleted by another request.") from error
