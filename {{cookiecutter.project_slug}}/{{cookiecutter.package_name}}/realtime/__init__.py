"""Real-time events over Socket.IO: welcome, echo and broadcast."""

from flask import Flask

# Importing the event modules registers their handlers.
from . import connect, events  # noqa: F401
from .server import socketio, socketio_options


def init_app(app: Flask) -> None:
    """Bind the Socket.IO server, after the session store it may share."""
    socketio.init_app(app, **socketio_options(app))
