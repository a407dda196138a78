"""Who may see and write which notes: everyone, all of them."""

from flask import Blueprint
from sqlalchemy import Select, select

from .models import Note

# No security scheme: the API document shows the notes routes as open.
SECURITY = None


def protect(bp: Blueprint) -> None:
    """Notes are open to every caller: nothing to check."""


def visible_notes() -> Select[Note]:
    """The notes a request may see: all of them."""
    return select(Note)


def new_note(title: str, body: str = "") -> Note:
    """A note made by the current request."""
    return Note(title=title, body=body)
