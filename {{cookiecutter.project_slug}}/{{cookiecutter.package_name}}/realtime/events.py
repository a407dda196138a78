"""Socket.IO events: echo to the sender, broadcast to all, goodbye."""

import logging

from flask_socketio import emit

from .server import session_id, socketio

# Socket.IO answers its own HTTP requests before Flask sees them, so instead
# of a line per request, each connection is logged as it opens and closes.
logger = logging.getLogger(__package__)


@socketio.on("disconnect")
def disconnect(reason: object = None) -> None:
    """Note that a client has gone."""
    logger.info("disconnected %s", session_id())


@socketio.on("echo")
def echo(data: object) -> None:
    """Send the data back to the client that sent it, from this process."""
    emit("echo", data, ignore_queue=True)


@socketio.on("broadcast")
def broadcast(data: object) -> None:
    """Send the data to every connected client, on every instance."""
    emit("broadcast", data, broadcast=True)
