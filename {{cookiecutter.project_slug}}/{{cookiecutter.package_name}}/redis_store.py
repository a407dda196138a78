"""The app's Redis client, built from REDIS_URL."""

import weakref

from flask import Flask, current_app
from redis import Redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from .health import add_readiness_check

# Seconds to wait for Redis to accept a connection or answer a command. With
# one immediate retry (for a pooled connection Redis has closed), a request
# gives up on an unreachable Redis within about two seconds.
TIMEOUT = 1.0


class RedisStore:
    """One Redis client per app; init_app builds it when REDIS_URL is set."""

    def init_app(self, app: Flask) -> None:
        """Connect lazily to REDIS_URL and make /readyz ping it."""
        url = app.config["REDIS_URL"]
        if not url:
            return
        client = Redis.from_url(
            url,
            socket_connect_timeout=TIMEOUT,
            socket_timeout=TIMEOUT,
            retry=Retry(NoBackoff(), retries=1),
        )
        app.extensions["redis"] = client
        # Apps that come and go, as in tests, leave no connection open.
        weakref.finalize(app, client.close)
        add_readiness_check(app, "redis", client.ping)

    def client(self, app: Flask | None = None) -> Redis:
        """The Redis client of ``app``, or of the current app."""
        return (app or current_app).extensions["redis"]
