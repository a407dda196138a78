"""Who may connect: anyone whose page the origin check accepts."""

import logging

from flask import request
from flask_socketio import emit

from .server import session_id, socketio

logger = logging.getLogger(__package__)


@socketio.on("connect")
def connect(auth: object = None) -> None:
    """Welcome a new client. To refuse one, raise ConnectionRefusedError here."""
    logger.info("connected %s from %s", session_id(), request.remote_addr)
    # The client is connected to this process: no need to go through Redis.
    emit("welcome", {"sid": session_id()}, ignore_queue=True)
