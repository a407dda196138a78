"""Who may connect: clients that present a valid access token."""

import logging

from flask import request
from flask_jwt_extended import decode_token
from flask_jwt_extended.exceptions import JWTExtendedException
from flask_socketio import emit, join_room
from jwt import PyJWTError

from ..auth.tokens import SignedIn, is_revoked, load_user
from .server import session_id, socketio

logger = logging.getLogger(__package__)


def token_user(auth: object) -> SignedIn | None:
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
    user: SignedIn | None = load_user({}, payload)
    return user


@socketio.on("connect")
def connect(auth: object = None) -> None:
    """Welcome a client that presents a valid access token; refuse the others."""
    user = token_user(auth)
    if user is None:
        logger.info(
            "refused a connection from %s: no valid access token", request.remote_addr
        )
        raise ConnectionRefusedError("A valid access token is required.")
    # All of a user's connections share the room named after the user's id,
    # so that an HTTP route or a job can reach them with emit(..., to=str(id)).
    join_room(str(user.id))
    logger.info("connected %s from %s", session_id(), request.remote_addr)
    # The client is connected to this process: no need to go through Redis.
    emit("welcome", {"sid": session_id()}, ignore_queue=True)
