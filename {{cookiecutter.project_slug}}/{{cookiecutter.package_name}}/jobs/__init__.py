"""Background jobs on Celery: exports that workers build, and beat's cleanup."""

from flask import Flask

from ..core.health import add_readiness_check
from ..core.settings import ConfigError
from . import routes
from .celery_app import broker_ping, make_celery
from .settings import JobSettings


def init_app(app: Flask) -> None:
    """Read the job settings, make the Celery app, mount the exports API."""
    settings = JobSettings.read()
    if settings.celery_task_time_limit <= settings.celery_task_soft_time_limit:
        raise ConfigError(
            "CELERY_TASK_TIME_LIMIT must be more than CELERY_TASK_SOFT_TIME_LIMIT, "
            "so that a job is told to stop before its process is killed."
        )
    app.config["EXPORT_RETENTION_DAYS"] = settings.export_retention_days
    celery = make_celery(app, settings)
    app.extensions["celery"] = celery
    add_readiness_check(app, "broker", broker_ping(celery))
    app.register_blueprint(routes.bp, url_prefix="/api/exports")
