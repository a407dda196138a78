"""What the notes API takes and answers."""

from datetime import datetime
from typing import Annotated

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


class NoteChanges(BaseModel):
    """The fields of a note to change; those left out stay as they are."""

    model_config = ConfigDict(extra="forbid")

    # Fields may be left out, but not sent as null: pydantic refuses null as
    # not a string, and the view reads only the fields that were sent.
    title: Title = Field(default=None)  # type: ignore[assignment]
    body: Body = Field(default=None)  # type: ignore[assignment]


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
