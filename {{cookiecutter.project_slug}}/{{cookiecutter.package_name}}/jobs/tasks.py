"""The jobs workers run: building an export, and the periodic cleanup."""

import logging

from celery import shared_task
from sqlalchemy.exc import OperationalError

from ..database.models import db
from .cleanup import CLEANUPS
from .exports import build

logger = logging.getLogger(__name__)


# While the database is unreachable the job waits and tries again, up to five
# times over about a minute, rather than failing the export. Its outcome is in
# the export's row, so Celery keeps no result, and queuing it touches only the
# broker.
@shared_task(
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
    ignore_result=True,
)
def build_export(export_id: int) -> None:
    """Build an export."""
    build(export_id)


@shared_task
def clean_up() -> dict[str, int]:
    """Delete what is no longer needed; return how many rows of each kind."""
    deleted = {cleanup.__name__: cleanup() for cleanup in CLEANUPS}
    db.session.commit()
    logger.info("cleaned up: %s", deleted)
    return deleted
