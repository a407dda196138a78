"""Limits on connections that have not, or not yet, proved who they are.

A client first opens an Engine.IO connection, then sends the Socket.IO
connect, where its token is checked. python-socketio has no limit on the
time between the two, nor on connections per client address, so a client
could hold any number of connections without ever authenticating. The guard
adds both around Engine.IO's connect and disconnect events.
"""

import logging
import threading
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from socketio import Server

logger = logging.getLogger(__package__)


class ConnectionGuard:
    """Caps connections per address and closes those that never connect."""

    def __init__(
        self,
        server: Server,
        connect_timeout: float,
        per_address: int,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.server = server
        self.connect_timeout = connect_timeout
        self.per_address = per_address
        self.clock = clock
        self.lock = threading.Lock()
        self.open: Counter[str] = Counter()
        self.address: dict[str, str] = {}
        # Engine.IO session id -> when it must have completed the connect.
        self.deadlines: dict[str, float] = {}
        self.watching = False
        handlers = server.eio.handlers
        self.next_connect = handlers["connect"]
        self.next_disconnect = handlers["disconnect"]
        server.eio.on("connect", self.connect)
        server.eio.on("disconnect", self.disconnect)

    def connect(self, eio_sid: str, environ: dict[str, Any]) -> object:
        """Refuse a client address over its cap; start the connect's clock."""
        address = environ.get("REMOTE_ADDR", "")
        with self.lock:
            if self.open[address] >= self.per_address:
                refused = True
            else:
                refused = False
                self.open[address] += 1
                self.address[eio_sid] = address
                self.deadlines[eio_sid] = self.clock() + self.connect_timeout
                start_watch, self.watching = not self.watching, True
        if refused:
            logger.warning(
                "refused a connection from %s: %d already open",
                address,
                self.per_address,
            )
            return False
        if start_watch:
            self.server.start_background_task(self.watch)
        return self.next_connect(eio_sid, environ)

    def disconnect(self, eio_sid: str, reason: object = None) -> object:
        """Forget a connection that has closed."""
        with self.lock:
            self.deadlines.pop(eio_sid, None)
            address = self.address.pop(eio_sid, None)
            if address is not None:
                self.open[address] -= 1
                if not self.open[address]:
                    del self.open[address]
        return self.next_disconnect(eio_sid, reason)

    def watch(self) -> None:
        """Close overdue connections each second, while any are waiting."""
        while True:
            self.server.sleep(1)
            self.close_overdue()
            with self.lock:
                if not self.deadlines:
                    self.watching = False
                    return

    def close_overdue(self) -> None:
        """Close each connection whose time to complete the connect is up."""
        now = self.clock()
        with self.lock:
            overdue = [sid for sid, due in self.deadlines.items() if due <= now]
            for eio_sid in overdue:
                del self.deadlines[eio_sid]
        for eio_sid in overdue:
            socket = self.server.eio.sockets.get(eio_sid)
            if socket is not None and not self.has_connected(eio_sid):
                logger.info("closed %s: no Socket.IO connect in time", eio_sid)
                # Not Engine.IO's disconnect(), which waits for the client to
                # fetch the goodbye: an idle long-polling client never does.
                socket.close(wait=False)

    def has_connected(self, eio_sid: str) -> bool:
        """Whether the connection has joined a namespace."""
        manager = self.server.manager
        return any(
            manager.sid_from_eio_sid(eio_sid, namespace)
            for namespace in manager.get_namespaces()
        )
