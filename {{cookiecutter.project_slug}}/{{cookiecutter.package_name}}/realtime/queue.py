"""The Redis queue that carries events between processes, with bounded waits."""

from redis import Redis
from socketio import RedisManager

# Seconds to wait for Redis to accept a connection or take an event. Each
# event is tried twice, so an emit gives up on a frozen Redis within about
# two seconds (and logs it) instead of hanging.
TIMEOUT = 1.0


class RedisQueue(RedisManager):
    """python-socketio's Redis queue; publishing and listening bounded apart.

    python-socketio publishes and listens through one Redis client, so one
    socket timeout would apply to both, and the listener, which may wait
    minutes for an event, would give up and reconnect every TIMEOUT seconds,
    missing events meanwhile. It gets a client of its own with keepalives
    instead, and python-socketio reconnects it whenever it fails.
    """

    def __init__(self, url: str, channel: str, write_only: bool = False) -> None:
        options = {"socket_connect_timeout": TIMEOUT, "socket_timeout": TIMEOUT}
        super().__init__(
            url, channel=channel, write_only=write_only, redis_options=options
        )

    def _redis_connect(self) -> None:
        super()._redis_connect()
        listener = Redis.from_url(
            self.redis_url, socket_connect_timeout=TIMEOUT, socket_keepalive=True
        )
        self.pubsub = listener.pubsub(  # type: ignore[no-untyped-call]
            ignore_subscribe_messages=True
        )
