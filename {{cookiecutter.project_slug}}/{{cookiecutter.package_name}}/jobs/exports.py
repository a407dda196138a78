"""Building exports, and forgetting old ones."""

import logging
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, update

from ..database.models import changed_rows, db, utcnow
from ..notes.models import Note
from ..notes.schemas import NoteOut
from .access import exported_notes
from .models import Export
from .notify import export_finished

logger = logging.getLogger(__name__)

FAILED = "The export failed; ask for a new one."
# Runs of one export's job, counting those whose process died, before it fails.
MAX_ATTEMPTS = 5
TOO_SLOW = "The export took too long; ask for a new one."


def build(export_id: int) -> None:
    """Copy the notes of a pending export into it, and tell its owner.

    Safe to run twice, as every job must be: the queue delivers a job at least
    once, and runs again one whose process died. An export that is gone or
    finished is left alone, and of two runs at once only one records its end.
    A run that fails leaves the export to its task's failure handler.
    """
    export = db.session.get(Export, export_id)
    if export is None or export.status != "pending":
        return
    # Counted before the work, so that a job whose process dies every time
    # (out of memory, say) ends failed instead of coming back for ever.
    export.attempts += 1
    db.session.commit()
    if export.attempts > MAX_ATTEMPTS:
        finish(export, "failed", message=FAILED)
        return
    rows = db.session.scalars(exported_notes(export).order_by(Note.id))
    notes = [NoteOut.model_validate(row).model_dump(mode="json") for row in rows]
    finish(export, "done", notes=notes)


def fail(export_id: int, message: str) -> None:
    """End a pending export as failed, saying why."""
    db.session.rollback()
    export = db.session.get(Export, export_id)
    if export is not None:
        finish(export, "failed", message=message)


def finish(export: Export, status: str, **outcome: object) -> None:
    """Record how an export ended, unless another run did first; then tell
    its owner."""
    recorded = changed_rows(
        update(Export)
        .where(Export.id == export.id, Export.status == "pending")
        .values(status=status, finished_at=utcnow(), **outcome)
    )
    db.session.commit()
    if recorded:
        logger.info("export %s %s", export.id, status)
        export_finished(export, status)


def forget_old_exports() -> int:
    """Delete the exports older than EXPORT_RETENTION_DAYS; return how many."""
    days = current_app.config["EXPORT_RETENTION_DAYS"]
    cutoff = utcnow() - timedelta(days=days)
    return changed_rows(delete(Export).where(Export.created_at < cutoff))
