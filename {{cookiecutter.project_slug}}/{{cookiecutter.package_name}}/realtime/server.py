"""The Socket.IO server object and its settings."""

import logging
import sys
from collections.abc import Callable
from typing import Any

from flask import Flask, request
from flask.sessions import SecureCookieSessionInterface
from flask_socketio import SocketIO

from ..core.origins import trusted_origins
from ..redis_store import LOCAL_REDIS, configured_url, connect
from .queue import RedisQueue

socketio = SocketIO()
logger = logging.getLogger(__package__)


def socketio_options(app: Flask) -> dict[str, object]:
    """The Socket.IO server's settings, from the app's configuration."""
    options: dict[str, object] = {
        "async_mode": async_mode(),
        "cors_allowed_origins": origin_check(trusted_origins(app)),
        # Flask-SocketIO keeps a copy of a cookie session per connection; a
        # server-side session is shared with HTTP requests instead. So the
        # sessions feature is set up before this one.
        "manage_session": isinstance(
            app.session_interface, SecureCookieSessionInterface
        ),
        **library_loggers(),
    }
    # Through Redis, events sent by any process (an HTTP worker, a job) reach
    # the clients of every realtime server. The development server, one
    # process, needs Redis only if REDIS_URL is set; tests keep events in the
    # process, as Flask-SocketIO's test client requires.
    production = app.config["APP_ENV"] == "production"
    url = configured_url(app, LOCAL_REDIS if production else "")
    if url:
        connect(app, url)
    if url and not app.testing:
        channel = f"{app.config['REDIS_KEY_PREFIX']}socketio"
        options["client_manager"] = RedisQueue(url, channel)
    else:
        # Said outright: the SocketIO object keeps an earlier app's queue.
        options["client_manager"] = None
    return options


def library_loggers() -> dict[str, logging.Logger]:
    """python-socketio's and python-engineio's loggers, as SocketIO options.

    Left to find their own, the libraries add a handler to each besides the
    app's, which prints every line a second time. Their level stays theirs:
    errors only, unless set otherwise.
    """
    loggers = {
        "logger": logging.getLogger("socketio.server"),
        "engineio_logger": logging.getLogger("engineio.server"),
    }
    for library_logger in loggers.values():
        if library_logger.level == logging.NOTSET:
            library_logger.setLevel(logging.ERROR)
    # origin_check() logs each refused origin, with the client's address.
    loggers["engineio_logger"].addFilter(not_an_origin_error)
    return loggers


def not_an_origin_error(record: logging.LogRecord) -> bool:
    """False for Engine.IO's error for a refused origin, which it logs the
    first time only."""
    return "is not an accepted origin" not in str(record.msg)


def async_mode() -> str:
    """gevent where its worker (realtime.conf.py) has patched the standard
    library, so that a connection costs a greenlet; threads otherwise."""
    monkey = sys.modules.get("gevent.monkey")
    if monkey is not None and monkey.is_module_patched("socket"):
        return "gevent"
    return "threading"


def origin_check(
    origins: list[str],
) -> Callable[[str | None, dict[str, Any]], bool]:
    """Accept connections from pages of this site and of ``origins``."""

    def is_allowed(origin: str | None, environ: dict[str, Any]) -> bool:
        own = f"{environ['wsgi.url_scheme']}://{environ.get('HTTP_HOST', '')}"
        if origin == own or origin in origins:
            return True
        # Engine.IO asks once per request that names an origin, and refuses
        # it if the answer is no; later, for its CORS headers, it asks again
        # for those it let in, and for those with no Origin header.
        if origin is not None:
            address = environ.get("REMOTE_ADDR")
            logger.info("refused a connection from %s: origin %r", address, origin)
        return False

    return is_allowed


def session_id() -> str:
    """The Socket.IO session id of the connection an event came from."""
    sid: str = request.sid  # type: ignore[attr-defined]  # set by Flask-SocketIO
    return sid
