"""Where jobs are queued, how long one may run, how long exports are kept."""

from ..core.settings import Positive, Settings


class JobSettings(Settings):
    """CELERY_*, CLEANUP_INTERVAL and EXPORT_RETENTION_DAYS."""

    # Blank: Redis at REDIS_URL is both the broker and the result backend.
    celery_broker_url: str = ""
    celery_result_backend: str = ""
    # The soft limit lets a job fail cleanly; the hard one kills its process.
    celery_task_soft_time_limit: Positive = 60
    celery_task_time_limit: Positive = 90
    cleanup_interval: Positive = 60 * 60
    export_retention_days: Positive = 7
