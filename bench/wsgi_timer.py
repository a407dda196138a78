"""Times requests called through WSGI in one process: a baked project's
and bare Flask's (fixtures/bare.py), interleaved.

Run inside a bake's folder, with the bake's settings in the environment:
python bench/wsgi_timer.py ROUNDS OUTPUT.json. It writes requests per second
for each route, round and side to OUTPUT.json.
"""

import json
import os
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parent / "fixtures"
# Each timed batch runs about this long; rounds alternate which side goes first.
BATCH_SECONDS = 0.05
NOTES = 20
USER = {"email": "inprocess@example.com", "password": "correct horse battery staple"}

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def start_response(status: str, headers: list, exc_info: object = None) -> None:
    """A server's start_response that keeps nothing."""


def call(app: WsgiApp, environ: dict[str, Any]) -> None:
    """One request through ``app``, its body read to the end and closed."""
    response = app(dict(environ), start_response)
    try:
        for _ in response:
            pass
    finally:
        if close := getattr(response, "close", None):
            close()


def calls_per_second(app: WsgiApp, environ: dict[str, Any], calls: int) -> float:
    """How many requests a second ``app`` answers, over ``calls`` of them."""
    started = time.perf_counter()
    for _ in range(calls):
        call(app, environ)
    return calls / (time.perf_counter() - started)


def seed(project: Any) -> str:
    """Register the bench's user with NOTES notes; return an access token."""
    client = project.test_client()
    register = client.post("/api/auth/register", json=USER)
    assert register.status_code == 202, register.get_json()
    login = client.post("/api/auth/login", json=USER)
    token: str = login.get_json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    for number in range(NOTES):
        note = {"title": f"Note {number}", "body": "x" * 200}
        created = client.post("/api/notes", json=note, headers=headers)
        assert created.status_code == 201, created.get_json()
    return token


def environs(token: str) -> dict[str, tuple[dict, dict, int]]:
    """Per route: the project's request, bare Flask's, and the status both give."""
    from werkzeug.test import EnvironBuilder

    def environ(path: str, **headers: str) -> dict[str, Any]:
        return EnvironBuilder(path, headers=headers).get_environ()

    signed_in = {"Authorization": f"Bearer {token}"}
    return {
        "GET /healthz": (environ("/healthz"), environ("/healthz"), 200),
        "GET /": (environ("/"), environ("/"), 200),
        "JSON 404 under /api": (environ("/api/none"), environ("/api/none"), 404),
        "GET /api/notes, 20 notes, signed in": (
            environ("/api/notes", **signed_in),
            environ("/api/notes"),
            200,
        ),
    }


def check(app: Any, environ: dict[str, Any], status: int) -> None:
    """Make sure ``app`` answers as expected before it is timed."""
    from werkzeug.test import run_wsgi_app

    body, answered, _ = run_wsgi_app(app, dict(environ))
    content = b"".join(body)
    assert answered.startswith(str(status)), (answered, content[:300])
    if status == 200 and "notes" in environ["PATH_INFO"]:
        assert len(json.loads(content)["items"]) == NOTES, content[:300]


def measure(rounds: int, output: Path) -> None:
    """Time each route on both sides, interleaved; write the samples."""
    sys.path[:0] = [os.getcwd(), str(FIXTURES)]
    from bare import app as bare
    from wsgi import app as project

    requests = environs(seed(project))
    samples: dict[str, dict[str, list[float]]] = {}
    for name, (mine, theirs, status) in requests.items():
        check(project, mine, status)
        check(bare, theirs, status)
        samples[name] = {"project": [], "bare": []}
    # Warm up each side, then size the batches from a first timing.
    sizes = {}
    for name, (mine, theirs, _) in requests.items():
        rate = min(
            calls_per_second(project, mine, 200), calls_per_second(bare, theirs, 200)
        )
        sizes[name] = max(50, int(rate * BATCH_SECONDS))
    for number in range(rounds):
        for name, (mine, theirs, _) in requests.items():
            sides = [("project", project, mine), ("bare", bare, theirs)]
            for side, app, environ in sides if number % 2 else reversed(sides):
                rate = calls_per_second(app, environ, sizes[name])
                samples[name][side].append(rate)
    output.write_text(json.dumps(samples))


if __name__ == "__main__":
    measure(int(sys.argv[1]), Path(sys.argv[2]))
