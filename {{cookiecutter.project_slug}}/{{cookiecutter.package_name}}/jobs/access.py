"""Who may ask for and see which exports: everyone, all of them, of every note."""

from sqlalchemy import Select, select

from ..notes.models import Note
from .models import Export


def visible_exports() -> Select[Export]:
    """The exports a request may see: all of them."""
    return select(Export)


def new_export() -> Export:
    """An export asked for by the current request."""
    return Export()


def exported_notes(export: Export) -> Select[Note]:
    """The notes an export copies: all of them."""
    return select(Note)


def owner_id(export: Export) -> int | None:
    """Whose export it is: nobody's in particular."""
    return None
