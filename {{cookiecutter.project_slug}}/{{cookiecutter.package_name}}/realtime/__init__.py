"""Real-time events over Socket.IO: welcome, echo and broadcast."""

from flask import Flask, abort, request

# Importing the event modules registers their handlers.
from . import connect, events  # noqa: F401
from .devserver import WebSocketEnd
from .guard import ConnectionGuard
from .server import socketio, socketio_options
from .settings import RealtimeSettings

# What the realtime server answers besides Socket.IO.
PROBES = {"health.healthz", "health.readyz"}


def init_app(app: Flask) -> None:
    """Bind the Socket.IO server, after the session store it may share."""
    settings = RealtimeSettings.read()
    without_socketio = app.wsgi_app
    socketio.init_app(app, **socketio_options(app))
    if not settings.socketio_endpoint:
        # The server still sends events, through Redis; /socket.io/ is left
        # to Flask, which has no such route.
        app.wsgi_app = without_socketio  # type: ignore[method-assign]
        return
    app.extensions["socketio_guard"] = ConnectionGuard(
        socketio.server,
        connect_timeout=settings.socketio_connect_timeout,
        per_address=settings.socketio_max_connections_per_address,
    )
    if socketio.async_mode == "gevent":
        app.before_request(realtime_only)
    else:
        # Threads: the development server, flask run.
        app.wsgi_app = WebSocketEnd(app.wsgi_app)  # type: ignore[method-assign]


def realtime_only() -> None:
    """Leave every route but the probes to the HTTP server.

    One process holds all of the realtime server's connections: work that
    keeps the CPU busy, such as checking a password, would stall them all.
    """
    if request.endpoint not in PROBES:
        abort(421, "This server holds Socket.IO connections only.")
