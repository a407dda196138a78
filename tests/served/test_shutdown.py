"""Reliability: SIGTERM lets gunicorn finish the requests it is serving."""

import json
import signal
import socket
import sys
import time

import pytest

from conftest import free_port, run, wait_for_http
from matrix import ALL_OPTIONS
from production import gunicorn, production_env

IN_FLIGHT = 4


def start_request(port: int, body: bytes) -> socket.socket:
    """Send a POST's headers and half its body, leaving the server waiting for the rest."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    head = (
        "POST /api/notes HTTP/1.1\r\n"
        f"Host: 127.0.0.1:{port}\r\n"
        "Content-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n"
        "Connection: close\r\n\r\n"
    )
    sock.sendall(head.encode() + body[: len(body) // 2])
    return sock


def finish_request(sock: socket.socket, body: bytes) -> bytes:
    """Send the rest of the body and read the whole answer."""
    with sock:
        sock.sendall(body[len(body) // 2 :])
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return answer


@pytest.mark.parametrize(
    "answers",
    [{}, ALL_OPTIONS],
    ids=["defaults-several-workers", "all-options-one-worker"],
)
def test_sigterm_completes_requests_in_flight(bake, answers, tmp_path):
    """Requests whose bodies are still arriving at SIGTERM are answered in full,
    and gunicorn then exits cleanly."""
    project = bake(use_jwt=False, **answers)
    env = production_env(
        DATABASE_URL=f"sqlite:///{tmp_path / 'app.sqlite3'}",
        GUNICORN_GRACEFUL_TIMEOUT="20",
    )
    upgrade = run([sys.executable, "-m", "flask", "db", "upgrade"], project, env=env)
    assert upgrade.returncode == 0, upgrade.stderr
    port = free_port()
    server = gunicorn(project, port, tmp_path, env)
    try:
        wait_for_http(f"http://127.0.0.1:{port}/healthz", server, timeout=60)
        bodies = [
            json.dumps({"title": f"In flight {n}", "body": "x" * 2000}).encode()
            for n in range(IN_FLIGHT)
        ]
        requests = [start_request(port, body) for body in bodies]
        # Give the workers time to start reading each request before the signal.
        time.sleep(1)
        server.send_signal(signal.SIGTERM)
        # The signal has reached the workers before the bodies are complete.
        time.sleep(1)
        answers = [finish_request(s, b) for s, b in zip(requests, bodies, strict=True)]
        exit_code = server.wait(timeout=30)
    finally:
        if server.poll() is None:
            server.kill()
    for answer in answers:
        assert answer.startswith(b"HTTP/1.1 201 "), answer[:200]
    assert exit_code == 0
