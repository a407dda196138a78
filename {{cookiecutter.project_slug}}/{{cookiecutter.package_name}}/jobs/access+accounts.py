"""Who may ask for and see which exports: signed-in users, their own, of
their own notes. The notes routes' sign-in check guards these routes too."""

from flask_jwt_extended import current_user
from sqlalchemy import Select, select

from ..notes.models import Note
from .models import Export


def visible_exports() -> Select[Export]:
    """The exports of the signed-in user."""
    return select(Export).where(Export.owner_id == current_user.id)


def new_export() -> Export:
    """An export for the signed-in user."""
    return Export(owner_id=current_user.id)


def exported_notes(export: Export) -> Select[Note]:
    """The notes an export copies: its owner's."""
    return select(Note).where(Note.owner_id == export.owner_id)


def owner_id(export: Export) -> int | None:
    """Whose export it is."""
    return export.owner_id
