"""Socket.IO events: a welcome on connect, echo to the sender, broadcast to all."""

import logging
from collections.abc import Callable

from flask import Flask, request
from flask.sessions import SecureCookieSessionInterface
{%- if cookiecutter.use_jwt %}
from flask_jwt_extended import decode_token
from flask_jwt_extended.exceptions import JWTExtendedException
{%- endif %}
from flask_socketio import emit
{%- if cookiecutter.use_jwt %}
from jwt import PyJWTError
{%- endif %}

{% if cookiecutter.use_jwt -%}
from .auth.tokens import is_revoked, load_user
{% endif -%}
from .extensions import socketio
{%- if cookiecutter.use_jwt %}
from .models import User
{%- endif %}

# Socket.IO answers its own HTTP requests before Flask sees them, so instead
# of a line per request, each connection is logged as it opens and closes.
logger = logging.getLogger(__name__)


def socketio_options(app: Flask) -> dict[str, object]:
    """The Socket.IO server's settings, from the app's configuration."""
    options: dict[str, object] = {
        # Gunicorn's threads serve the connections, WebSocket included
        # (simple-websocket); see gunicorn.conf.py.
        "async_mode": "threading",
        "cors_allowed_origins": origin_check(app.config["CORS_ORIGINS"]),
        # Flask-SocketIO keeps a copy of a cookie session per connection; a
        # server-side session is shared with HTTP requests instead. So the
        # factory binds Socket.IO after the session store.
        "manage_session": isinstance(
            app.session_interface, SecureCookieSessionInterface
        ),
    }
    # Through Redis, events emitted by one process reach the clients of every
    # other. Tests keep them in the process, as Flask-SocketIO's test client
    # requires.
    if app.config["REDIS_URL"] and not app.testing:
        options["message_queue"] = app.config["REDIS_URL"]
        options["channel"] = f"{app.config['REDIS_KEY_PREFIX']}socketio"
    else:
        # Said outright: the SocketIO object keeps an earlier app's queue.
        options["client_manager"] = None
    return options


def origin_check(origins: list[str]) -> Callable[[str, dict], bool]:
    """Accept connections from pages of this site and of ``origins``."""

    def is_allowed(origin: str, environ: dict) -> bool:
        own = f"{environ['wsgi.url_scheme']}://{environ.get('HTTP_HOST', '')}"
        return origin == own or origin in origins

    return is_allowed


{%- if cookiecutter.use_jwt %}


def token_user(auth: object) -> User | None:
    """The active user whose valid access token is ``auth["token"]``, or None.

    Browsers cannot set headers on a WebSocket, so Socket.IO clients send the
    token in the connection's auth payload: ``io(url, {auth: {token}})``.
    """
    token = auth.get("token") if isinstance(auth, dict) else None
    if not isinstance(token, str) or not token.isascii():
        return None
    try:
        payload = decode_token(token)
    except (JWTExtendedException, PyJWTError):
        return None
    if payload["type"] != "access" or is_revoked({}, payload):
        return None
    return load_user({}, payload)


{%- endif %}


@socketio.on("connect")
def connect(auth: dict | None = None) -> None:
{%- if cookiecutter.use_jwt %}
    """Welcome a client that presents a valid access token; refuse the others."""
    if token_user(auth) is None:
        logger.info("refused a connection from %s", request.remote_addr)
        raise ConnectionRefusedError("A valid access token is required.")
{%- else %}
    """Welcome a new client. To refuse one, raise ConnectionRefusedError here."""
{%- endif %}
    logger.info("connected %s from %s", request.sid, request.remote_addr)
    emit("welcome", {"sid": request.sid})


@socketio.on("disconnect")
def disconnect(reason: object = None) -> None:
    """Note that a client has gone."""
    logger.info("disconnected %s", request.sid)


@socketio.on("echo")
def echo(data: object) -> None:
    """Send the data back to the client that sent it."""
    emit("echo", data)


@socketio.on("broadcast")
def broadcast(data: object) -> None:
    """Send the data to every connected client, on every instance."""
    emit("broadcast", data, broadcast=True)
