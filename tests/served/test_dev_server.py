"""The development server with Socket.IO, started by the generated README's run
command: one log line per request, an info line and nothing else when a
WebSocket closes, however it closes, and one line per refused connection."""

import base64
import contextlib
import json
import os
import re
import socket
import sys
import time
from pathlib import Path

import socketio

from conftest import (
    clean_env,
    free_port,
    http,
    post_json,
    readme_command,
    start,
    stop,
    wait_for_http,
)

CREDENTIALS = {"email": "ada@example.com", "password": "correct horse battery"}


def test_the_development_server_log_is_quiet(bake):
    """Under `flask run`, as the README starts it, with the debugger on: a
    Socket.IO client that disconnects, and a WebSocket closed without a
    goodbye, each leave one info line; no 500 and no traceback; a plain
    request one line; a refused origin and a refused token one line each."""
    project = bake(use_socketio=True, use_jwt=True)
    # The template's virtual environment holds every dependency of the bake;
    # the README's command runs its programs as .venv/bin/...
    (project / ".venv").symlink_to(Path(sys.prefix))
    run_it = readme_command(project / "README.md", "Run it")
    steps = run_it[run_it.index(".venv/bin/flask db upgrade") :]
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = start(steps, project, clean_env(FLASK_RUN_PORT=str(port)), shell=True)
    log = project / "server.log"
    try:
        wait_for_http(f"{url}/healthz", server, timeout=60)
        post_json(f"{url}/api/auth/register", CREDENTIALS)
        _, _, body = post_json(f"{url}/api/auth/login", CREDENTIALS)
        auth = {"token": json.loads(body)["access_token"]}

        client = socketio.Client()
        welcomed = []
        client.on("welcome", welcomed.append)
        client.connect(url, transports=["websocket"], auth=auth, wait_timeout=10)
        wait_until(lambda: welcomed)
        client.disconnect()
        left = welcomed[0]["sid"]

        dropped = websocket_dropped(port, auth)
        wait_until(lambda: f"disconnected {dropped}" in log.read_text())

        status, _, _ = http(f"{url}/api/openapi.json")
        assert status == 200

        status, _, _ = http(
            f"{url}/socket.io/?EIO=4&transport=polling",
            headers={"Origin": "https://elsewhere.example"},
        )
        assert status == 400

        refused = socketio.Client()
        with contextlib.suppress(socketio.exceptions.ConnectionError):
            refused.connect(url, transports=["websocket"], auth={"token": "forged"})
        assert not refused.connected
        # The refused client's WebSocket closes on its own: a moment for
        # anything its end would log.
        time.sleep(1)
    finally:
        stop(server)
    lines = log.read_text().splitlines()
    text = "\n".join(lines)
    assert "Traceback" not in text
    assert " 500 " not in text
    assert f"Running on {url}" in text  # Werkzeug's own lines stay
    assert len(mentioning("/api/openapi.json", lines)) == 1
    for sid in (left, dropped):
        opened, closed = mentioning(sid, lines)
        assert re.search(rf" INFO \S+ \[-\] connected {sid} from 127\.0\.0\.1$", opened)
        assert re.search(rf" INFO \S+ \[-\] disconnected {sid}$", closed)
    assert len(mentioning("refused", lines)) == 2
    assert len(mentioning("origin 'https://elsewhere.example'", lines)) == 1
    assert len(mentioning("no valid access token", lines)) == 1


def websocket_dropped(port: int, auth: dict) -> str:
    """Open a Socket.IO connection over a bare WebSocket, then close the TCP
    connection without a WebSocket goodbye, as a killed browser tab does;
    the connection's id."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        key = base64.b64encode(os.urandom(16)).decode()
        sock.sendall(
            f"GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\n"
            f"Host: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
            "Sec-WebSocket-Version: 13\r\n\r\n".encode()
        )
        # The 101 answer, then Engine.IO's open packet.
        receive_until(sock, rb"^HTTP/1\.1 101 .*0\{")
        sock.sendall(masked_text("40" + json.dumps(auth)))
        welcome = receive_until(sock, rb'"welcome",\{"sid":"([^"]+)"\}')
    return welcome[1].decode()


def receive_until(sock: socket.socket, pattern: bytes) -> re.Match:
    """Read from ``sock`` until what came matches ``pattern``."""
    received = b""
    while not (match := re.search(pattern, received, re.S)):
        chunk = sock.recv(4096)
        assert chunk, f"closed after {received!r}"
        received += chunk
    return match


def masked_text(text: str) -> bytes:
    """A WebSocket text frame as a client sends it: masked."""
    payload = text.encode()
    mask = os.urandom(4)
    if len(payload) < 126:
        header = bytes([0x81, 0x80 | len(payload)])
    else:
        header = bytes([0x81, 0x80 | 126]) + len(payload).to_bytes(2, "big")
    return header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


def mentioning(text: str, lines: list[str]) -> list[str]:
    """The lines that hold ``text``."""
    return [line for line in lines if text in line]


def wait_until(condition, timeout: float = 10) -> None:
    """Wait until ``condition()`` is true."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)
