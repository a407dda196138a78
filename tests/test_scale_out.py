"""Tier 3: two gunicorn instances of one project share sessions and events via Redis."""

import sys
import time

import pytest
import socketio

from conftest import (
    clean_env,
    free_port,
    http,
    start,
    stop,
    wait_for_http,
)

REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
SECRET = "0123456789abcdef" * 4


@pytest.fixture
def instances(bake, redis_prefix, tmp_path):
    """Two gunicorn instances of a Socket.IO and Redis sessions project."""
    project = bake(use_socketio=True, use_redis_sessions=True)
    servers, urls = [], []
    try:
        for name in ("a", "b"):
            port = free_port()
            env = clean_env(
                APP_ENV="production",
                SECRET_KEY=SECRET,
                GUNICORN_BIND=f"127.0.0.1:{port}",
                GUNICORN_GRACEFUL_TIMEOUT="5",
                REDIS_URL=f"redis://{REDIS_HOST}:{REDIS_PORT}/0",
                REDIS_KEY_PREFIX=redis_prefix,
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
        yield urls
    finally:
        for server in servers:
            stop(server)


@pytest.mark.slow
def test_a_session_started_on_one_instance_continues_on_the_other(instances):
    """The cookie from instance A finds its session in Redis through instance B."""
    a, b = instances
    status, headers, body = http(f"{a}/api/session/visits", "POST")
    assert (status, body) == (200, '{"visits":1}\n')
    cookie = headers["Set-Cookie"].split(";", 1)[0]
    status, _, body = http(f"{b}/api/session/visits", "POST", {"Cookie": cookie})
    assert (status, body) == (200, '{"visits":2}\n')
    status, _, body = http(f"{a}/api/session/visits", "POST", {"Cookie": cookie})
    assert (status, body) == (200, '{"visits":3}\n')


def connect(url: str) -> tuple[socketio.Client, dict[str, list]]:
    """A Socket.IO client on ``url`` (WebSocket only) and the events it gets."""
    client = socketio.Client(reconnection=False)
    events: dict[str, list] = {"welcome": [], "broadcast": []}
    for name, received in events.items():
        client.on(name, received.append)
    client.connect(url, transports=["websocket"], wait_timeout=10)
    return client, events


def wait_for(received: list, timeout: float = 10) -> list:
    """``received`` once something has arrived in it, or after ``timeout``."""
    deadline = time.monotonic() + timeout
    while not received and time.monotonic() < deadline:
        time.sleep(0.05)
    return received


@pytest.mark.slow
def test_a_broadcast_on_one_instance_reaches_clients_of_the_other(instances):
    """Socket.IO events cross instances through the Redis message queue."""
    a, b = instances
    sender, sender_events = connect(a)
    listener, listener_events = connect(b)
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
