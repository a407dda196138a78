"""Reliability: a served bake rides out its database and Redis going away.

Each test serves an every-option bake from gunicorn against private servers
started for this module, stops one of them cleanly, and checks that the app
says so quickly and recovers on its own, without a restart, once the server
is back on the same port.
"""

import json
import sys
import time

import pytest

from conftest import free_port, http, run, stop, wait_for_http
from matrix import ALL_OPTIONS
from production import (
    auth_headers,
    gunicorn,
    http_post_json,
    production_env,
    worker_pids,
)
from servers import PrivateMariaDB, PrivatePostgreSQL, PrivateRedis

# DESIGN: an unreachable backend answers 503 within two seconds of going away.
OUTAGE_ANSWER_SECONDS = 2.0
# How long a restarted server may take to be used again, well past the pool's
# and the readiness check's own timeouts.
RECOVERY_SECONDS = 30
DATABASE_SERVERS = {"postgresql": PrivatePostgreSQL, "mysql": PrivateMariaDB}

pytestmark = pytest.mark.xdist_group("faults")


@pytest.fixture(scope="module")
def redis_server():
    """A Redis server of this module's own."""
    server = PrivateRedis()
    try:
        server.start()
        yield server
    finally:
        server.remove()


@pytest.fixture(scope="module", params=sorted(DATABASE_SERVERS))
def database_server(request):
    """A PostgreSQL or MariaDB server of this module's own."""
    server = DATABASE_SERVERS[request.param]()
    try:
        server.start()
        yield request.param, server
    finally:
        server.remove()


@pytest.fixture
def served(bake, database_server, redis_server, tmp_path):
    """An every-option bake migrated and served against the private servers."""
    database, server = database_server
    # A test that failed during an outage may have left a server stopped.
    for needed in (server, redis_server):
        if not needed.running:
            needed.start()
    project = bake(database=database, use_jwt=True, **ALL_OPTIONS)
    env = production_env(
        DATABASE_URL=server.url,
        REDIS_URL=redis_server.url,
        GUNICORN_GRACEFUL_TIMEOUT="5",
    )
    upgrade = run([sys.executable, "-m", "flask", "db", "upgrade"], project, env=env)
    assert upgrade.returncode == 0, upgrade.stderr
    port = free_port()
    process = gunicorn(project, port, tmp_path, env)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(f"{url}/readyz", process, timeout=60)
        auth = auth_headers(project, http_post_json(url))
        yield process, url, auth
    finally:
        stop(process)
        # Leave the next test an empty database on the same server.
        if server.running:
            downgrade = [sys.executable, "-m", "flask", "db", "downgrade", "base"]
            run(downgrade, project, env=env)


def timed(url: str, method: str = "GET", headers=None, data=None):
    """Send a request; return its status, JSON body and seconds taken."""
    started = time.monotonic()
    status, _, body = http(url, method, headers, data=data)
    return status, json.loads(body), time.monotonic() - started


def assert_unavailable_error(status: int, body: dict) -> None:
    """The answer is DESIGN's 503 error shape."""
    assert status == 503, body
    assert body["error"]["status"] == 503
    assert body["error"]["message"]


def readyz_until_ok(url: str) -> dict:
    """Poll /readyz until it reports ready; return its body."""
    deadline = time.monotonic() + RECOVERY_SECONDS
    while time.monotonic() < deadline:
        status, body, _ = timed(f"{url}/readyz")
        if status == 200:
            return body
        time.sleep(0.2)
    pytest.fail(f"/readyz still answers {status} {body} after {RECOVERY_SECONDS}s")


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_stopped_database_answers_503_then_recovers(served, database_server, method):
    """With the database gone, /readyz names it and notes answer 503 within 2 s;
    once it is back on its port, the same workers serve notes again."""
    process, url, auth = served
    _, server = database_server
    body = json.dumps({"title": "before the outage"}).encode()
    headers = {"Content-Type": "application/json", **auth}
    status, note, _ = timed(f"{url}/api/notes", "POST", headers, body)
    assert status == 201, note
    workers = sorted(worker_pids(process.pid))

    server.stop()
    stopped = time.monotonic()
    status, readiness, _ = timed(f"{url}/readyz")
    assert time.monotonic() - stopped < OUTAGE_ANSWER_SECONDS
    assert status == 503
    assert readiness["checks"]["database"] == "unavailable"
    assert readiness["checks"]["redis"] == "ok"
    # Enough requests for every worker to meet the outage with pooled connections.
    for _ in range(6):
        data = json.dumps({"title": "during the outage"}).encode()
        status, error, seconds = timed(
            f"{url}/api/notes", method, headers, data if method == "POST" else None
        )
        assert_unavailable_error(status, error)
        assert seconds < OUTAGE_ANSWER_SECONDS

    server.start()
    assert readyz_until_ok(url)["checks"]["database"] == "ok"
    status, page, _ = timed(f"{url}/api/notes", headers=auth)
    assert status == 200, page
    assert [item["title"] for item in page["items"]] == ["before the outage"]
    assert process.poll() is None
    assert sorted(worker_pids(process.pid)) == workers


def test_a_stopped_redis_answers_503_then_recovers(served, redis_server):
    """With Redis gone, /readyz names it (and the jobs' broker on it), session
    requests and new exports answer 503 within 2 s while the rest of the app
    works; once it is back, sessions and exports work again."""
    process, url, auth = served
    status, _, _ = timed(f"{url}/api/session/visits", "POST")
    assert status == 200
    workers = sorted(worker_pids(process.pid))

    redis_server.stop()
    stopped = time.monotonic()
    status, readiness, _ = timed(f"{url}/readyz")
    assert time.monotonic() - stopped < OUTAGE_ANSWER_SECONDS
    assert status == 503
    down = {"redis": "unavailable", "broker": "unavailable"}
    assert readiness["checks"] == {"database": "ok", **down}
    for _ in range(6):
        status, error, seconds = timed(f"{url}/api/session/visits", "POST")
        assert_unavailable_error(status, error)
        assert seconds < OUTAGE_ANSWER_SECONDS
        status, error, seconds = timed(f"{url}/api/exports", "POST", headers=auth)
        assert_unavailable_error(status, error)
        assert seconds < OUTAGE_ANSWER_SECONDS
    status, page, _ = timed(f"{url}/api/notes", headers=auth)
    assert status == 200, page

    redis_server.start()
    readyz_until_ok(url)
    status, visits, _ = timed(f"{url}/api/session/visits", "POST")
    assert (status, visits) == (200, {"visits": 1})
    status, export, _ = timed(f"{url}/api/exports", "POST", headers=auth)
    assert (status, export["status"]) == (202, "pending")
    assert process.poll() is None
    assert sorted(worker_pids(process.pid)) == workers
