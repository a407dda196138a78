"""The Celery app: configured from the Flask app's settings, and running each
task inside an app context."""

import ssl
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from celery import Celery, Task
from flask import Flask, has_app_context

from ..redis_store import LOCAL_REDIS, configured_url, connect
from .settings import JobSettings

# Seconds to wait for the broker to accept a connection or, on Redis, to answer.
# Queuing a job retries once, after connecting again, so a request gives up on
# an unreachable or frozen broker within three of these.
BROKER_TIMEOUT = 1
PUBLISH_RETRIES = {"max_retries": 1, "interval_start": 0, "interval_max": 1}


class AppContextTask(Task):
    """A task that runs inside the app context of the Celery app's Flask app."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        with app_context(self.app.flask_app):
            return self.run(*args, **kwargs)


def app_context(app: Flask) -> AbstractContextManager[object]:
    """``app``'s context, unless one is pushed already: a task run eagerly, as
    in tests, is inside a request's or a test's."""
    return nullcontext() if has_app_context() else app.app_context()


def make_celery(app: Flask, settings: JobSettings) -> Celery:
    """A Celery app for ``app``, which tasks defined with @shared_task join."""
    redis_url = configured_url(app, LOCAL_REDIS)
    broker = settings.celery_broker_url or redis_url
    backend = settings.celery_result_backend or redis_url
    if redis_url in (broker, backend):
        # The app's Redis client: /readyz pings it, and tasks may use it.
        connect(app, redis_url)
    prefix = app.config["REDIS_KEY_PREFIX"]
    celery = Celery(app.import_name, task_cls=AppContextTask)
    celery.flask_app = app
    # Tasks made with @shared_task use the current Celery app, which Celery
    # keeps per thread; as the default, this one is current in every thread,
    # gunicorn's request threads included.
    celery.set_default()
    celery.conf.update(
        broker_url=broker,
        result_backend=backend,
        broker_connection_timeout=BROKER_TIMEOUT,
        broker_connection_retry_on_startup=True,
        broker_transport_options=redis_options(broker, prefix),
        result_backend_transport_options=redis_options(backend, prefix),
        broker_use_ssl=verified_tls(broker),
        redis_backend_use_ssl=verified_tls(backend),
        redis_socket_connect_timeout=BROKER_TIMEOUT,
        redis_socket_timeout=BROKER_TIMEOUT,
        task_publish_retry_policy=PUBLISH_RETRIES,
        # At-least-once delivery: a job is acknowledged when it has finished,
        # and given back to the queue when the process running it dies, so
        # every task must be safe to run twice.
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_soft_time_limit=settings.celery_task_soft_time_limit,
        task_time_limit=settings.celery_task_time_limit,
        # Tests run tasks in the calling process; as on a worker, a task's
        # error is its own to handle, never the request's.
        task_always_eager=app.testing,
        task_eager_propagates=False,
        # The worker logs in the app's format (see core/logs.py).
        worker_hijack_root_logger=False,
        beat_schedule={
            "clean-up": {
                "task": f"{__package__}.tasks.clean_up",
                "schedule": float(settings.cleanup_interval),
            }
        },
    )
    return celery


def redis_options(url: str, prefix: str) -> dict[str, object]:
    """Transport options of a Redis broker or backend: timeouts, and every key
    under the app's prefix, so apps sharing a Redis never take each other's
    jobs. Other brokers keep apps apart by virtual host."""
    if not url.startswith(("redis://", "rediss://")):
        return {}
    return {
        "global_keyprefix": prefix,
        "socket_connect_timeout": BROKER_TIMEOUT,
        "socket_timeout": BROKER_TIMEOUT,
    }


def verified_tls(url: str) -> dict[str, object] | None:
    """For a rediss:// URL, TLS that checks the server's certificate, which
    Celery insists on being told; other URLs say for themselves."""
    if url.startswith("rediss://"):
        return {"ssl_cert_reqs": ssl.CERT_REQUIRED}
    return None


def broker_ping(celery: Celery) -> Callable[[], None]:
    """A readiness check that connects to the broker; raises while it is down."""

    def ping() -> None:
        with celery.connection_for_write() as connection:
            connection.ensure_connection(max_retries=0)

    return ping
