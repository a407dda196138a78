"""Socket.IO under the development server: a closed WebSocket leaves no error,
and each refusal one line."""

import io
import logging
import socket

import pytest

from {{ cookiecutter.package_name }}.core import logs
from {{ cookiecutter.package_name }}.realtime.devserver import WebSocketEnd

FRONT_END = "https://app.example.com"


def test_a_finished_websocket_ends_its_request_quietly():
    """When Engine.IO ends a WebSocket on Werkzeug's server with ConnectionError,
    the connection is shut and the request answered, so that Werkzeug's
    debugger, which would report the error as a 500 with a traceback, never
    sees it. (tests/served/test_dev_server.py of the project template runs
    the whole of flask run.)"""

    def websocket_ended(environ, start_response):
        raise ConnectionError

    server_side, client_side = socket.socketpair()
    answered = []
    environ = {"HTTP_UPGRADE": "websocket", "werkzeug.socket": server_side}
    client_side.settimeout(5)  # Rather than hang, should it stay open.
    with server_side, client_side:
        body = WebSocketEnd(websocket_ended)(
            environ, lambda status, headers: answered.append(status)
        )
        assert list(body) == []
        assert answered == ["101 Switching Protocols"]
        # The client sees the connection end; Werkzeug reads nothing more.
        assert client_side.recv(1) == b""
        with pytest.raises(OSError):
            server_side.send(b"x")


def test_each_refused_origin_is_logged_once(make_app, root_logger):
    """Each refusal is one line, the app's, naming the client and the origin;
    python-socketio and python-engineio add no handler of their own."""
    client = make_app(CORS_ORIGINS=FRONT_END).test_client()
    log = io.StringIO()
    logs.configure_logging("INFO", log)
    for _ in range(2):
        response = client.get(
            "/socket.io/?EIO=4&transport=polling",
            headers={"Origin": "https://evil.example.com"},
        )
        assert response.status_code == 400
    refusal = "refused a connection from 127.0.0.1: origin 'https://evil.example.com'"
    lines = log.getvalue().splitlines()
    assert len(lines) == 2
    assert all(line.endswith(refusal) for line in lines)
    assert logging.getLogger("engineio.server").handlers == []
    assert logging.getLogger("socketio.server").handlers == []


def test_other_servers_errors_pass_through():
    """Only Werkzeug's upgraded requests are ended quietly."""

    def failing(environ, start_response):
        raise ConnectionError

    with pytest.raises(ConnectionError):
        WebSocketEnd(failing)({"HTTP_UPGRADE": "websocket"}, lambda *args: None)
