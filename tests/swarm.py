"""Many Socket.IO clients at once, on one asyncio loop, for the served tests and the bench.

Each client is python-socketio's AsyncClient on the WebSocket transport, as a
browser ends up; a thousand of them cost one thread.
"""

import asyncio
import threading
import time
from dataclasses import dataclass, field

import socketio


@dataclass
class Swarm:
    """Connected clients, and the ``broadcast`` data each has received."""

    url: str
    auth: dict[str, str]
    clients: list[socketio.AsyncClient] = field(default_factory=list)
    received: list[list[object]] = field(default_factory=list)
    refused: int = 0

    async def grow(self, count: int, at_once: int = 50) -> None:
        """Connect ``count`` more clients, ``at_once`` handshakes at a time."""
        gate = asyncio.Semaphore(at_once)

        async def join() -> None:
            client = socketio.AsyncClient(reconnection=False)
            inbox: list[object] = []
            client.on("broadcast", inbox.append)
            async with gate:
                try:
                    await client.connect(
                        self.url,
                        auth=self.auth,
                        transports=["websocket"],
                        wait_timeout=30,
                    )
                except socketio.exceptions.ConnectionError:
                    self.refused += 1
                    return
            self.clients.append(client)
            self.received.append(inbox)

        await asyncio.gather(*(join() for _ in range(count)))

    @property
    def connected(self) -> int:
        """How many clients are still connected."""
        return sum(client.connected for client in self.clients)

    async def fan_out(self, data: dict, within: float) -> tuple[int, float]:
        """Have the first client broadcast ``data``: how many clients got it
        within ``within`` seconds, and the seconds until all had (or until
        the wait ended)."""
        started = time.monotonic()
        await self.clients[0].emit("broadcast", data)
        while True:
            reached = sum(data in inbox for inbox in self.received)
            elapsed = time.monotonic() - started
            if reached == len(self.clients) or elapsed >= within:
                return reached, elapsed
            await asyncio.sleep(0.005)

    async def close(self) -> None:
        """Disconnect every client."""
        await asyncio.gather(
            *(client.disconnect() for client in self.clients),
            return_exceptions=True,
        )


class SwarmThread:
    """A Swarm on an event loop in a thread of its own, so synchronous tests
    can hold its connections open while they do other things."""

    def __init__(self, url: str, auth: dict[str, str]) -> None:
        self.loop = asyncio.new_event_loop()
        self.swarm = Swarm(url, auth)
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def run(self, coroutine, timeout: float = 120):
        """Run a coroutine on the swarm's loop; return its result."""
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def close(self) -> None:
        """Disconnect every client and stop the loop."""
        try:
            self.run(self.swarm.close(), timeout=60)
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(10)
