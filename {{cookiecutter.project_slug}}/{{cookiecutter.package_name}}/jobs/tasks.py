"""The jobs workers run: building an export, and the periodic cleanup."""

import logging
from typing import Any

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded, TimeLimitExceeded
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from ..database.models import db
from .celery_app import AppContextTask, app_context
from .cleanup import CLEANUPS
from .exports import FAILED, TOO_SLOW, build, fail

logger = logging.getLogger(__name__)


class ExportJob(AppContextTask):
    """The job that builds an export; when it fails for good, so does the export."""

    def on_failure(
        self,
        exc: BaseException,
        task_id: str,
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
        einfo: object,
    ) -> None:
        # Called where the job ran, or in the worker's main process once the
        # hard time limit has killed the process that ran it (Celery 5.7 on).
        too_slow = isinstance(exc, SoftTimeLimitExceeded | TimeLimitExceeded)
        with app_context(self.app.flask_app):
            fail(args[0], TOO_SLOW if too_slow else FAILED)


# While the database is unreachable or its pool exhausted, the job waits and
# tries again, within about half a minute (exports.build also counts its runs).
# Its outcome is in the export's row, so Celery keeps no result, and queuing it
# touches only the broker.
@shared_task(
    base=ExportJob,
    autoretry_for=(OperationalError, PoolTimeoutError),
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
