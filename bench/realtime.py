"""The realtime server under load: sockets held, fan-out, and what Socket.IO costs HTTP."""

import statistics
import sys
import time
import urllib.request
from contextlib import ExitStack
from pathlib import Path

from bakes import bake
from conftest import free_port, start, stop
from load import LoadTool, Request
from matrix import TEMPLATE
from report import Row, Target
from serving import Server, served_project, wait_until_up
from swarm import SwarmThread

STEP = 1000
CEILING = 4000
P99_BOUND = 0.1
FAN_OUT = 1000


def healthz_p99(url: str, requests: int = 200) -> float:
    """The 99th percentile of /healthz's answer time, in seconds."""
    times = []
    for _ in range(requests):
        started = time.monotonic()
        with urllib.request.urlopen(f"{url}/healthz", timeout=10) as answer:
            answer.read()
        times.append(time.monotonic() - started)
    return statistics.quantiles(times, n=100)[98]


def realtime_server(project: Path, env: dict[str, str], log_dir: Path) -> Server:
    """Start the project's realtime.conf.py beside its HTTP server."""
    port = free_port()
    settings = {
        "REALTIME_BIND": f"127.0.0.1:{port}",
        # Every socket of the bench comes from one address.
        "SOCKETIO_MAX_CONNECTIONS_PER_ADDRESS": str(CEILING * 2),
    }
    config = str(project / "realtime.conf.py")
    args = [sys.executable, "-m", "gunicorn", "-c", config, "--chdir", str(project)]
    log_dir.mkdir(parents=True, exist_ok=True)
    server = Server(
        start([*args, "wsgi:app"], log_dir, {**env, **settings}),
        f"http://127.0.0.1:{port}",
    )
    wait_until_up(server)
    return server


def realtime(
    project: Path,
    answers: dict,
    database: str,
    workdir: Path,
    load: LoadTool,
    rounds: int,
    seconds: float,
) -> list[Row]:
    """Sockets one realtime server holds, a broadcast's fan-out, and HTTP
    requests per second with Socket.IO on against the same bake without it."""
    held = Row(
        f"Realtime: signed-in sockets held, /healthz p99 < {P99_BOUND * 1000:g} ms",
        "sockets",
    )
    fan_out = Row(f"Realtime: broadcast reaching {FAN_OUT:,} sockets", "ms")
    http = Row(
        "GET /api/notes, Socket.IO on",
        "req/s",
        baseline="the same bake, Socket.IO off",
        target=Target("min", 0.9),
    )
    without = bake(
        TEMPLATE, workdir / "no-socketio", answers | {"use_socketio": False}, workdir
    )
    with ExitStack() as stack:
        served = stack.enter_context(
            served_project(project, database, workdir, "realtime-http")
        )
        plain = stack.enter_context(
            served_project(without, database, workdir, "no-socketio")
        )
        # HTTP first, while no socket is open: what Socket.IO costs requests.
        sides = [
            (served.server.url, served.auth, http.samples),
            (plain.server.url, plain.auth, http.baseline_samples),
        ]
        for number in range(rounds):
            for url, auth, samples in sides if number % 2 else reversed(sides):
                request = Request(headers=tuple(auth.items()))
                samples.append(load(f"{url}/api/notes", request, seconds).per_second)
        server = realtime_server(project, served.env, workdir / "realtime")
        stack.callback(stop, server.process)
        token = served.auth["Authorization"].removeprefix("Bearer ")
        swarm = SwarmThread(server.url, {"token": token})
        stack.callback(swarm.close)
        swarm.run(swarm.swarm.grow(FAN_OUT), timeout=600)
        for number in range(rounds):
            reached, elapsed = swarm.run(swarm.swarm.fan_out({"round": number}, 10))
            fan_out.samples.append(elapsed * 1000)
            if reached < FAN_OUT:
                fan_out.note = f"{reached} of {FAN_OUT:,} reached within 10 s"
        while healthz_p99(server.url) < P99_BOUND and not swarm.swarm.refused:
            held.samples = [float(swarm.swarm.connected)]
            if len(swarm.swarm.clients) >= CEILING:
                break
            swarm.run(swarm.swarm.grow(STEP), timeout=600)
    return [held, fan_out, http]
