"""The realtime feature's settings."""

from ..core.settings import Positive, Settings


class RealtimeSettings(Settings):
    """Whether this process serves Socket.IO, and its limits on connections."""

    # The HTTP server's workers set it to false: they only send events.
    socketio_endpoint: bool = True
    # Seconds a client has, once connected, to complete the Socket.IO connect
    # (where its token is checked) before it is disconnected.
    socketio_connect_timeout: Positive = 10
    socketio_max_connections_per_address: Positive = 100
