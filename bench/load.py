"""Bounded HTTP load on 127.0.0.1: wrk where installed, else a Python client."""

import http.client
import re
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Request:
    """What each request of a load run sends."""

    method: str = "GET"
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Outcome:
    """Requests per second over a run, and the requests that did not answer 2xx."""

    per_second: float
    failures: int


def wrk_version() -> str | None:
    """wrk's version line, or None when wrk is not installed."""
    if not shutil.which("wrk"):
        return None
    # wrk prints its version and usage, then exits non-zero, for -v alone.
    result = subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False)
    first = (result.stdout or result.stderr).splitlines()
    return first[0].split(" [")[0] if first else "wrk"


def lua_string(text: str) -> str:
    """``text`` as a Lua long-bracket literal that no content can end early."""
    level = 0
    while f"]{'=' * level}]" in text:
        level += 1
    return f"[{'=' * level}[{text}]{'=' * level}]"


def wrk_script(request: Request) -> str:
    """A wrk Lua script that sends ``request``."""
    lines = [f"wrk.method = {lua_string(request.method)}"]
    if request.body:
        lines.append(f"wrk.body = {lua_string(request.body.decode())}")
    for name, value in request.headers:
        # Spaces inside the index: "[[[" would open a long string instead.
        lines.append(f"wrk.headers[ {lua_string(name)} ] = {lua_string(value)}")
    return "\n".join(lines) + "\n"


def parse_wrk(output: str) -> Outcome:
    """Requests per second and failures from wrk's report."""
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    if not rate:
        raise RuntimeError(f"wrk printed no rate:\n{output}")
    failures = sum(
        int(count)
        for count in re.findall(
            r"(?:Non-2xx or 3xx responses:|connect|read|write|timeout) (\d+)", output
        )
    )
    return Outcome(float(rate.group(1)), failures)


def run_wrk(url: str, request: Request, seconds: float, connections: int) -> Outcome:
    """Load ``url`` with wrk on one thread for ``seconds``, in whole seconds."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(wrk_script(request))
        script.flush()
        args = [
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{max(1, round(seconds))}s",
            "--timeout",
            "10s",
        ]
        result = subprocess.run(
            [*args, "-s", script.name, url],
            capture_output=True,
            text=True,
            timeout=seconds + 60,
            check=True,
        )
    return parse_wrk(result.stdout)


def run_python(url: str, request: Request, seconds: float, connections: int) -> Outcome:
    """Load ``url`` from ``connections`` threads, each on one keep-alive connection."""
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    counts = {"ok": 0, "failed": 0}
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client() -> None:
        ok = failed = 0
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        while time.monotonic() < deadline:
            try:
                connection.request(
                    request.method, path, request.body or None, dict(request.headers)
                )
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                failed += 1
                connection.close()
                continue
            if 200 <= response.status < 300:
                ok += 1
            else:
                failed += 1
        connection.close()
        with lock:
            counts["ok"] += ok
            counts["failed"] += failed

    started = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return Outcome((counts["ok"] + counts["failed"]) / elapsed, counts["failed"])


class LoadTool:
    """Runs bounded load with wrk, or with the Python client when asked or needed."""

    def __init__(self, prefer_wrk: bool = True, connections: int = 16) -> None:
        version = wrk_version() if prefer_wrk else None
        self.connections = connections
        self.run = run_wrk if version else run_python
        self.name = (
            f"{version}, 1 thread, {connections} connections"
            if version
            else f"Python http.client, {connections} threads with keep-alive"
        )

    def __call__(self, url: str, request: Request, seconds: float) -> Outcome:
        """Send ``request`` to ``url`` as fast as answers come, for ``seconds``."""
        return self.run(url, request, seconds, self.connections)
