"""The exports API: ask for a copy of your notes, then fetch it once a worker
has built it."""

from apiflask import APIBlueprint
from apiflask.types import ResponsesObjectType
from flask import current_app, url_for
from kombu.exceptions import OperationalError
from werkzeug.exceptions import NotFound, ServiceUnavailable
from werkzeug.wrappers import Response

from ..core.errors import handle_http_error
from ..core.openapi import header
from ..database.models import MAX_ID, db
from ..notes.access import SECURITY, protect
from .access import new_export, visible_exports
from .models import Export
from .schemas import ExportOut
from .tasks import build_export

bp = APIBlueprint("exports", __name__, tag="Exports")
protect(bp)

CREATE_ANSWERS: ResponsesObjectType = {
    202: {
        "description": "The export, pending until a worker has built it.",
        "headers": {"Location": header("Its URL, to ask for it until it is done.")},
    },
}


@bp.post("")
@bp.output(ExportOut, status_code=202)
@bp.doc(security=SECURITY, responses=CREATE_ANSWERS)
def create_export() -> tuple[ExportOut, int, dict[str, str]]:
    """Export notes.

    Queues a job that copies the notes the caller may see; a worker builds
    the export, and its status turns to done or failed.
    """
    export = new_export()
    db.session.add(export)
    db.session.commit()
    answer = ExportOut.model_validate(export)
    try:
        build_export.delay(export.id)
    except BaseException:
        # Without its job the export would stay pending for ever. An
        # unreachable broker is a 503 (see queue_unavailable).
        db.session.delete(export)
        db.session.commit()
        raise
    return answer, 202, {"Location": url_for(".get_export", export_id=export.id)}


@bp.get("/<int:export_id>")
@bp.output(ExportOut)
@bp.doc(security=SECURITY)
def get_export(export_id: int) -> ExportOut:
    """Get an export."""
    query = visible_exports().where(Export.id == export_id)
    export = db.session.scalar(query) if export_id <= MAX_ID else None
    if export is None:
        raise NotFound(f"There is no export {export_id}.")
    return ExportOut.model_validate(export)


@bp.errorhandler(OperationalError)
def queue_unavailable(error: OperationalError) -> Response:
    """Answer 503 while the broker cannot take a job."""
    current_app.logger.error("job queue unavailable: %s", error)
    return handle_http_error(
        ServiceUnavailable("The job queue is unavailable; try again shortly.")
    )
