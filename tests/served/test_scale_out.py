"""Two gunicorn instances of one project share sessions, events and
logins through Redis and the database."""

import json
import sys
import time
from contextlib import ExitStack
from typing import NamedTuple

import pytest
import socketio

from conftest import (
    PRODUCTION_SECRETS,
    clean_env,
    free_port,
    http,
    post_json,
    run,
    start,
    stop,
    wait_for_http,
)
from production import realtime_server
from services import URLS

PASSWORD = "a password for both instances"


class Instance(NamedTuple):
    """Where one instance's HTTP server and realtime server answer."""

    http: str
    realtime: str


@pytest.fixture
def instances(bake, redis_prefix, tmp_path):
    """Two instances of a Socket.IO, Redis sessions and accounts project,
    each an HTTP server and a realtime server."""
    project = bake(use_socketio=True, use_redis_sessions=True, use_jwt=True)
    shared = {
        "APP_ENV": "production",
        **PRODUCTION_SECRETS,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'shared.sqlite3'}",
        "REDIS_URL": URLS["redis"],
        "REDIS_KEY_PREFIX": redis_prefix,
    }
    upgrade = [sys.executable, "-m", "flask", "db", "upgrade"]
    result = run(upgrade, project, env=clean_env(**shared))
    assert result.returncode == 0, result.stderr
    servers, urls = [], []
    try:
        for name in ("a", "b"):
            port = free_port()
            env = clean_env(
                **shared,
                GUNICORN_BIND=f"127.0.0.1:{port}",
                GUNICORN_GRACEFUL_TIMEOUT="5",
            )
            log_dir = tmp_path / name
            log_dir.mkdir()
            config = str(project / "gunicorn.conf.py")
            args = [sys.executable, "-m", "gunicorn", "-c", config]
            args += ["--chdir", str(project), "wsgi:app"]
            servers.append(start(args, log_dir, env))
            urls.append(f"http://127.0.0.1:{port}")
        for server, url in zip(servers, urls, strict=True):
            wait_for_http(f"{url}/readyz", server, timeout=30)
        with ExitStack() as realtime:
            yield [
                Instance(
                    url,
                    realtime.enter_context(
                        realtime_server(
                            project, tmp_path / f"{name}-realtime", clean_env(**shared)
                        )
                    ),
                )
                for name, url in zip(("a", "b"), urls, strict=True)
            ]
    finally:
        for server in servers:
            stop(server)


def test_a_session_started_on_one_instance_continues_on_the_other(instances):
    """The cookie from instance A finds its session in Redis through instance B."""
    a, b = instances
    status, headers, body = http(f"{a.http}/api/session/visits", "POST")
    assert (status, body) == (200, '{"visits":1}\n')
    cookie = headers["Set-Cookie"].split(";", 1)[0]
    status, _, body = http(f"{b.http}/api/session/visits", "POST", {"Cookie": cookie})
    assert (status, body) == (200, '{"visits":2}\n')
    status, _, body = http(f"{a.http}/api/session/visits", "POST", {"Cookie": cookie})
    assert (status, body) == (200, '{"visits":3}\n')


def log_in(url: str, email: str) -> dict[str, str]:
    """Register ``email`` through ``url`` and log in; return the tokens."""
    credentials = {"email": email, "password": PASSWORD}
    assert post_json(f"{url}/api/auth/register", credentials)[0] == 202
    status, _, body = post_json(f"{url}/api/auth/login", credentials)
    assert status == 200
    return json.loads(body)


def connect(url: str, token: str) -> tuple[socketio.Client, dict[str, list]]:
    """A Socket.IO client on ``url`` (WebSocket only) and the events it gets."""
    client = socketio.Client(reconnection=False)
    events: dict[str, list] = {"welcome": [], "broadcast": []}
    for name, received in events.items():
        client.on(name, received.append)
    client.connect(
        url, transports=["websocket"], auth={"token": token}, wait_timeout=10
    )
    return client, events


def wait_for(received: list, timeout: float = 10) -> list:
    """``received`` once something has arrived in it, or after ``timeout``."""
    deadline = time.monotonic() + timeout
    while not received and time.monotonic() < deadline:
        time.sleep(0.05)
    return received


def test_a_broadcast_on_one_instance_reaches_clients_of_the_other(instances):
    """Socket.IO events cross instances through the Redis message queue."""
    a, b = instances
    token = log_in(a.http, "ada@example.com")["access_token"]
    sender, sender_events = connect(a.realtime, token)
    listener, listener_events = connect(b.realtime, token)
    try:
        assert sender.transport() == "websocket"
        assert wait_for(sender_events["welcome"])[0]["sid"]
        assert wait_for(listener_events["welcome"])[0]["sid"]
        sender.emit("broadcast", {"text": "hello from A"})
        assert wait_for(listener_events["broadcast"]) == [{"text": "hello from A"}]
        assert wait_for(sender_events["broadcast"]) == [{"text": "hello from A"}]
    finally:
        sender.disconnect()
        listener.disconnect()


def test_a_logout_on_one_instance_holds_on_the_other(instances):
    """Tokens issued by A work on B; after logging out on B, A refuses them too."""
    a, b = instances
    tokens = log_in(a.http, "bob@example.com")
    bearer = {"Authorization": f"Bearer {tokens['access_token']}"}
    status, _, body = http(f"{b.http}/api/auth/me", headers=bearer)
    assert (status, json.loads(body)["email"]) == (200, "bob@example.com")
    assert http(f"{b.http}/api/auth/logout", "POST", bearer)[0] == 204
    status, _, body = http(f"{a.http}/api/auth/me", headers=bearer)
    assert status == 401
    assert "revoked" in json.loads(body)["error"]["message"]
    with pytest.raises(socketio.exceptions.ConnectionError):
        connect(a.realtime, tokens["access_token"])
