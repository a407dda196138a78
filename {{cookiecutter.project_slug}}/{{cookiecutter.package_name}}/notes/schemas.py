"""What the notes API takes and answers."""

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from ..core.text import TextLine, TextLines
from ..database.pagination import Page

Title = Annotated[TextLine, Field(max_length=200)]
Body = Annotated[TextLines, Field(max_length=10_000)]


class NewNote(BaseModel):
    """A note to create."""

    model_config = ConfigDict(extra="forbid")

    title: Title
    body: Body = ""


def without_default(schema: dict[str, Any]) -> None:
    """Document a field that may be left out as having no default value."""
    del schema["default"]


class NoteChanges(BaseModel):
    """The fields of a note to change; those left out stay as they are."""

    model_config = ConfigDict(extra="forbid")

    # A field may be left out but not sent as null, which pydantic refuses as
    # not a string; the view reads only the fields that were sent.
    title: Title = Field(None, json_schema_extra=without_default)  # type: ignore[assignment]
    body: Body = Field(None, json_schema_extra=without_default)  # type: ignore[assignment]


class NoteOut(BaseModel):
    """A note as the API shows it."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    title: str
    body: str
    created_at: datetime
    updated_at: datetime


class NoteList(Page):
    """A page of notes, newest first."""

    items: list[NoteOut]
