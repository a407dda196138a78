"""Socket.IO events: welcome, echo and broadcast."""

import logging
from typing import Any

import pytest

FRONT_END = "https://app.example.com"


@pytest.fixture
def connect(app, api_client):
    """Connect Socket.IO test clients that share ``api_client``'s cookies.

    Where connections need an access token, they send the client's own.
    """
    authorization = api_client.environ_base.get("HTTP_AUTHORIZATION", "")
    auth = {"token": authorization.removeprefix("Bearer ")}
    clients = []

    def connect():
        socketio = app.extensions["socketio"]
        sio = socketio.test_client(app, flask_test_client=api_client, auth=auth)
        clients.append(sio)
        return sio

    yield connect
    for sio in clients:
        if sio.is_connected():
            sio.disconnect()


def received(sio: Any, name: str) -> list[Any]:
    """The data of each ``name`` event ``sio`` got since the last look."""
    return [event["args"][0] for event in sio.get_received() if event["name"] == name]


def test_a_new_client_is_welcomed(connect):
    """On connect the server sends ``welcome`` with the connection's id."""
    sio = connect()
    assert sio.is_connected()
    [welcome] = received(sio, "welcome")
    assert welcome["sid"]


def test_connections_are_logged_as_they_open_and_close(connect, caplog):
    """Socket.IO's requests bypass the request log; connections are logged."""
    caplog.set_level(logging.INFO)
    sio = connect()
    sid = received(sio, "welcome")[0]["sid"]
    sio.disconnect()
    logged = [r.getMessage() for r in caplog.records if r.name.endswith(".realtime")]
    assert logged == [f"connected {sid} from 127.0.0.1", f"disconnected {sid}"]


def test_echo_comes_back_to_the_sender_only(connect):
    """``echo`` returns the same data to its sender and to nobody else."""
    sender, other = connect(), connect()
    sender.emit("echo", {"text": "hello"})
    assert received(sender, "echo") == [{"text": "hello"}]
    assert received(other, "echo") == []


def test_broadcast_reaches_every_client(connect):
    """``broadcast`` goes to every connected client, the sender included."""
    sender, other = connect(), connect()
    sender.emit("broadcast", {"text": "to all"})
    assert received(sender, "broadcast") == [{"text": "to all"}]
    assert received(other, "broadcast") == [{"text": "to all"}]


def handshake(client, origin: str, **headers: str):
    """Open a Socket.IO session over HTTP long-polling from a page at ``origin``."""
    path = "/socket.io/?EIO=4&transport=polling"
    return client.get(path, headers={"Origin": origin, **headers})


def test_pages_of_this_site_behind_a_tls_proxy_may_connect(make_app):
    """Behind a trusted proxy, the page's https origin is this site's own."""
    client = make_app(TRUSTED_PROXIES="1").test_client()
    proxied = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "app.example.com"}
    response = handshake(client, "https://app.example.com", **proxied)
    assert response.status_code == 200


def test_pages_of_this_site_may_connect(client):
    """The site's own origin is always accepted."""
    assert handshake(client, "http://localhost").status_code == 200


def test_listed_front_ends_may_connect(make_app):
    """An origin on CORS_ORIGINS is accepted."""
    client = make_app(CORS_ORIGINS=FRONT_END).test_client()
    response = handshake(client, FRONT_END)
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == FRONT_END


def test_other_origins_are_refused(make_app):
    """A page on an unlisted origin cannot open a connection."""
    client = make_app(CORS_ORIGINS=FRONT_END).test_client()
    assert handshake(client, "https://evil.example.com").status_code == 400
