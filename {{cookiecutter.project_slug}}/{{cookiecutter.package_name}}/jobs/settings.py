"""Where jobs are queued, how long one may run, how long exports are kept."""

from typing import Annotated

from celery.app.backends import by_url
from celery.exceptions import ImproperlyConfigured
from kombu.transport import resolve_transport
from pydantic import AfterValidator

from ..core.settings import Positive, Settings


def broker_url(url: str) -> str:
    """Accept a URL of a broker Celery can reach (a module it lacks included)."""
    try:
        if url:
            resolve_transport(url.partition("://")[0])
    except KeyError:
        raise ValueError(
            f"must be the URL of a broker Celery supports, such as "
            f"redis://host:6379/0 or amqp://user:password@host:5672/vhost, not {url!r}"
        ) from None
    except ImportError as error:
        raise ValueError(
            f"needs the Python package {error.name!r} for {url!r}"
        ) from None
    return url


def result_backend(url: str) -> str:
    """Accept a URL of a result backend Celery knows."""
    try:
        if url:
            by_url(url)
    except (ImportError, ImproperlyConfigured):
        raise ValueError(
            f"must be the URL of a result backend Celery supports, such as "
            f"redis://host:6379/0, not {url!r}"
        ) from None
    return url


class JobSettings(Settings):
    """CELERY_*, CLEANUP_INTERVAL and EXPORT_RETENTION_DAYS."""

    # Blank: Redis at REDIS_URL is both the broker and the result backend.
    celery_broker_url: Annotated[str, AfterValidator(broker_url)] = ""
    celery_result_backend: Annotated[str, AfterValidator(result_backend)] = ""
    # The soft limit lets a job fail cleanly; the hard one kills its process.
    celery_task_soft_time_limit: Positive = 60
    celery_task_time_limit: Positive = 90
    cleanup_interval: Positive = 60 * 60
    export_retention_days: Positive = 7
