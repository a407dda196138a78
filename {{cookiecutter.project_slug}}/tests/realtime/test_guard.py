"""Limits on connections: a cap per client address, and a time to connect."""

import json
import time

OPEN = "/socket.io/?EIO=4&transport=polling"


def handshake(client, address: str = "127.0.0.1") -> tuple[int, str]:
    """Open an Engine.IO session over long-polling; its status and id."""
    response = client.get(OPEN, environ_base={"REMOTE_ADDR": address})
    if response.status_code != 200:
        return response.status_code, ""
    return 200, json.loads(response.text[1:])["sid"]


def later(app, seconds: float) -> None:
    """Move the guard's clock ``seconds`` ahead and let it close what is overdue."""
    guard = app.extensions["socketio_guard"]
    guard.clock = lambda: time.monotonic() + seconds
    guard.close_overdue()


def is_open(app, sid: str) -> bool:
    """Whether the Engine.IO session ``sid`` is still open."""
    socket = app.extensions["socketio"].server.eio.sockets.get(sid)
    return socket is not None and not socket.closed


def test_an_address_over_its_cap_is_refused(make_app):
    """Past SOCKETIO_MAX_CONNECTIONS_PER_ADDRESS, an address gets a 401;
    other addresses still connect."""
    client = make_app(SOCKETIO_MAX_CONNECTIONS_PER_ADDRESS="2").test_client()
    assert handshake(client)[0] == 200
    assert handshake(client)[0] == 200
    assert handshake(client)[0] == 401
    assert handshake(client, "192.0.2.7")[0] == 200


def test_a_connection_that_never_connects_is_closed(make_app):
    """Without the Socket.IO connect within SOCKETIO_CONNECT_TIMEOUT seconds,
    the connection is closed, and its address may connect again."""
    app = make_app(
        SOCKETIO_CONNECT_TIMEOUT="5", SOCKETIO_MAX_CONNECTIONS_PER_ADDRESS="1"
    )
    client = app.test_client()
    _, sid = handshake(client)
    later(app, 4)
    assert is_open(app, sid)
    assert handshake(client)[0] == 401

    later(app, 6)
    assert not is_open(app, sid)
    assert handshake(client)[0] == 200


def test_a_connection_that_connects_in_time_stays(app, api_client):
    """A client that completes the Socket.IO connect, token and all, is not
    closed when its time to connect is up."""
    _, sid = handshake(api_client)
    authorization = api_client.environ_base.get("HTTP_AUTHORIZATION", "")
    auth = {"token": authorization.removeprefix("Bearer ")}
    connect = api_client.post(f"{OPEN}&sid={sid}", data="40" + json.dumps(auth))
    assert connect.status_code == 200
    packets = api_client.get(f"{OPEN}&sid={sid}").text.split("\x1e")
    assert any(packet.startswith("40{") for packet in packets), packets

    later(app, 3600)
    assert is_open(app, sid)


def test_the_http_server_leaves_socket_io_to_the_realtime_server(make_app):
    """With SOCKETIO_ENDPOINT=false (as gunicorn.conf.py sets it), /socket.io/
    is not served, though events can still be sent."""
    app = make_app(SOCKETIO_ENDPOINT="false")
    assert handshake(app.test_client())[0] == 404
    with app.app_context():
        app.extensions["socketio"].emit("broadcast", {"text": "from a route"})
