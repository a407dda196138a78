"""The notes API: the example resource, showing the project's JSON conventions."""

from flask import Blueprint, Response, url_for
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import Conflict, NotFound

from ..core.validation import ValidationError, json_object, reject_unknown, text_error
from ..database.models import MAX_ID, db
from ..database.pagination import page_of
from .access import new_note, protect, visible_notes
from .models import Note

bp = Blueprint("notes", __name__)
protect(bp)

LIMITS = {"title": 200, "body": 10_000}


@bp.get("")
def list_notes() -> dict[str, object]:
    """One page of notes, newest first, with the total count."""
    return page_of(visible_notes().order_by(Note.id.desc()), as_json)


@bp.post("")
def create_note() -> tuple[dict[str, object], int, dict[str, str]]:
    """Create a note from ``{"title": ..., "body": ...}``."""
    note = new_note(**note_fields(json_object(), partial=False))
    db.session.add(note)
    commit_or_conflict()
    location = url_for("notes.get_note", note_id=note.id)
    return as_json(note), 201, {"Location": location}


@bp.get("/<int:note_id>")
def get_note(note_id: int) -> dict[str, object]:
    """One note."""
    return as_json(find_note(note_id))


@bp.patch("/<int:note_id>")
def update_note(note_id: int) -> dict[str, object]:
    """Change the fields given, leaving the others as they are."""
    note = find_note(note_id)
    for name, value in note_fields(json_object(), partial=True).items():
        setattr(note, name, value)
    commit_or_conflict()
    return as_json(note)


@bp.delete("/<int:note_id>")
def delete_note(note_id: int) -> Response:
    """Delete a note."""
    db.session.delete(find_note(note_id))
    commit_or_conflict()
    return Response(status=204)


def as_json(note: Note) -> dict[str, object]:
    """The note as the API shows it."""
    return {
        "id": note.id,
        "title": note.title,
        "body": note.body,
        "created_at": note.created_at.isoformat(),
        "updated_at": note.updated_at.isoformat(),
    }


def find_note(note_id: int) -> Note:
    """The note with this id, or a 404 if the request may not see it."""
    query = visible_notes().where(Note.id == note_id)
    note = db.session.scalar(query) if note_id <= MAX_ID else None
    if note is None:
        raise NotFound(f"There is no note {note_id}.")
    return note


def note_fields(data: dict[str, object], partial: bool) -> dict[str, str]:
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
    # Checked above: each field given is a string.
    fields = {name: str(data[name]) for name in LIMITS if name in data}
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
