"""The notes API: the example resource, showing the project's JSON conventions."""

from typing import Any

from apiflask import APIBlueprint
from apiflask.types import ResponsesObjectType
from flask import Response, url_for
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import Conflict, NotFound

from ..core.openapi import error_response, header
from ..database.models import MAX_ID, db
from ..database.pagination import PageQuery, page_of
from .access import SECURITY, new_note, protect, visible_notes
from .models import Note
from .schemas import NewNote, NoteChanges, NoteList, NoteOut

bp = APIBlueprint("notes", __name__, tag="Notes")
protect(bp)

DUPLICATE_TITLE = "A note with this title already exists."
CREATE_ANSWERS: ResponsesObjectType = {
    201: {"description": "The note.", "headers": {"Location": header("Its URL.")}},
    409: error_response(DUPLICATE_TITLE),
}


@bp.get("")
@bp.input(PageQuery, location="query", arg_name="asked")
@bp.output(NoteList)
@bp.doc(security=SECURITY)
def list_notes(asked: PageQuery) -> dict[str, Any]:
    """List notes, newest first, a page at a time."""
    return page_of(visible_notes().order_by(Note.id.desc()), asked)


@bp.post("")
@bp.input(NewNote, arg_name="fields")
@bp.output(NoteOut, status_code=201)
@bp.doc(security=SECURITY, responses=CREATE_ANSWERS)
def create_note(fields: NewNote) -> tuple[NoteOut, int, dict[str, str]]:
    """Create a note."""
    note = new_note(fields.title, fields.body)
    db.session.add(note)
    commit_or_conflict()
    location = url_for("notes.get_note", note_id=note.id)
    return NoteOut.model_validate(note), 201, {"Location": location}


@bp.get("/<int:note_id>")
@bp.output(NoteOut)
@bp.doc(security=SECURITY)
def get_note(note_id: int) -> NoteOut:
    """Get a note."""
    return NoteOut.model_validate(find_note(note_id))


@bp.patch("/<int:note_id>")
@bp.input(NoteChanges, arg_name="changes")
@bp.output(NoteOut)
@bp.doc(security=SECURITY, responses={409: DUPLICATE_TITLE})
def update_note(note_id: int, changes: NoteChanges) -> NoteOut:
    """Change a note.

    Changes the fields given, leaving the others as they are.
    """
    note = find_note(note_id)
    for name, value in changes.model_dump(exclude_unset=True).items():
        setattr(note, name, value)
    commit_or_conflict()
    return NoteOut.model_validate(note)


@bp.delete("/<int:note_id>")
@bp.output({}, status_code=204)
@bp.doc(security=SECURITY)
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


def commit_or_conflict() -> None:
    """Commit the request's transaction: a duplicate title is a 409, and a
    note another request deleted in the meantime is a 404."""
    try:
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        raise Conflict(DUPLICATE_TITLE) from error
    except StaleDataError as error:
        db.session.rollback()
        raise NotFound("The note was deleted by another request.") from error
