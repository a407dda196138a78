"""Sessions kept in Redis: the cookie carries only an opaque session id."""

from flask import Flask, Request, Response
from flask_session.redis import RedisSession, RedisSessionInterface
from redis import Redis
from redis.exceptions import RedisError
from werkzeug.exceptions import ServiceUnavailable

from .core.settings import Positive, Settings
from .redis_store import LOCAL_REDIS, configured_url, connect


class SessionSettings(Settings):
    """SESSION_LIFETIME: seconds a session lasts after the last request that used it."""

    session_lifetime: Positive = 24 * 60 * 60


def init_app(app: Flask) -> None:
    """Keep sessions in Redis, at REDIS_URL or else the local server."""
    app.config["PERMANENT_SESSION_LIFETIME"] = SessionSettings.read().session_lifetime
    redis = connect(app, configured_url(app, default=LOCAL_REDIS))
    app.session_interface = RedisSessionStore(app, redis)


class SessionStoreUnavailable(ServiceUnavailable):
    """Redis, which holds the sessions, cannot be reached."""

    description = "The session store is unavailable; try again shortly."


class UnavailableSession(RedisSession):
    """Stands in for a session Redis could not load; touching it answers 503.

    Flask opens the session before any view runs, where an error could only
    become a 500, and marks it accessed whenever code reads ``flask.session``.
    Raising then lets only the requests that use the session fail, with 503.
    """

    @property
    def accessed(self) -> bool:
        """Never true: any access raises instead."""
        return False

    @accessed.setter
    def accessed(self, value: bool) -> None:
        if value:
            raise SessionStoreUnavailable()


class RedisSessionStore(RedisSessionInterface):
    """Flask-Session's Redis store, answering 503 instead of 500 while Redis is down."""

    def __init__(self, app: Flask, client: Redis) -> None:
        prefix = app.config["REDIS_KEY_PREFIX"]
        super().__init__(app, client, key_prefix=f"{prefix}session:")

    def open_session(self, app: Flask, request: Request) -> RedisSession:
        """Load the session named by the cookie, or start a new one."""
        try:
            return super().open_session(app, request)
        except RedisError as error:
            app.logger.warning("cannot load the session: %s", error)
            return UnavailableSession()

    def save_session(
        self, app: Flask, session: RedisSession, response: Response
    ) -> None:
        """Store the session and set its cookie; answer 503 if Redis fails.

        Flask saves the session after the view has answered, when an error
        would become a 500, so the answer is replaced with the 503 instead.
        """
        if isinstance(session, UnavailableSession):
            return
        try:
            super().save_session(app, session, response)
        except RedisError as error:
            app.logger.warning("cannot save the session: %s", error)
            failure = app.make_response(
                app.handle_user_exception(SessionStoreUnavailable())
            )
            response.status = failure.status
            response.content_type = failure.content_type
            response.set_data(failure.get_data())
