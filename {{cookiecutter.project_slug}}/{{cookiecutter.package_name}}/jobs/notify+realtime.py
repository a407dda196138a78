"""Telling an owner that an export has finished, over Socket.IO."""

from ..realtime.server import socketio
from .access import owner_id
from .models import Export


def export_finished(export: Export, status: str) -> None:
    """Send ``export_ready`` to the connections of the export's owner.

    From a worker the event goes through Redis, the message queue every
    Socket.IO server of the app listens to. A notice lost on the way loses
    nothing: the export's state is in the database.
    """
    owner = owner_id(export)
    # A signed-in connection joins the room named after its user's id (see
    # realtime/connect.py); without accounts, every client sees every export.
    room = None if owner is None else str(owner)
    socketio.emit("export_ready", {"id": export.id, "status": status}, to=room)
