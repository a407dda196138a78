"""The app's Redis client, built from REDIS_URL."""

import weakref
from typing import Annotated

from flask import Flask, current_app
from pydantic import AfterValidator
from redis import Redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from .core.health import add_readiness_check
from .core.settings import Settings

# Seconds to wait for Redis to accept a connection or answer a command. With
# one immediate retry (for a pooled connection Redis has closed), a request
# gives up on an unreachable Redis within about two seconds.
TIMEOUT = 1.0
# Where a feature that cannot work without Redis looks when REDIS_URL is unset.
LOCAL_REDIS = "redis://127.0.0.1:6379/0"


def redis_scheme(url: str) -> str:
    """Accept redis:// and rediss:// (TLS) URLs."""
    if url and not url.startswith(("redis://", "rediss://")):
        raise ValueError(f"must start with redis:// or rediss://, not {url!r}")
    return url


class RedisSettings(Settings):
    """REDIS_URL, and the prefix of every key the app writes."""

    redis_url: Annotated[str, AfterValidator(redis_scheme)] = ""
    redis_key_prefix: str = "{{ cookiecutter.package_name }}:"


def configured_url(app: Flask, default: str = "") -> str:
    """REDIS_URL, or the URL a feature set up earlier chose, or ``default``."""
    settings = RedisSettings.read()
    url = settings.redis_url or app.config.get("REDIS_URL") or default
    app.config.update(REDIS_URL=url, REDIS_KEY_PREFIX=settings.redis_key_prefix)
    return url


def connect(app: Flask, url: str) -> Redis:
    """The app's client for ``url``, which /readyz pings; it connects lazily."""
    if "redis" in app.extensions:
        return client(app)
    redis = Redis.from_url(
        url,
        socket_connect_timeout=TIMEOUT,
        socket_timeout=TIMEOUT,
        retry=Retry(NoBackoff(), retries=1),
    )
    app.extensions["redis"] = redis
    # Apps that come and go, as in tests, leave no connection open.
    weakref.finalize(app, redis.close)
    add_readiness_check(app, "redis", redis.ping)
    return redis


def client(app: Flask | None = None) -> Redis:
    """The Redis client of ``app``, or of the current app."""
    redis: Redis = (app or current_app).extensions["redis"]
    return redis
