"""Socket.IO under the development server: a closed WebSocket leaves no error,
and each refusal one line."""

import io
import json
import logging
import threading
import time
from collections.abc import Callable, Iterator

import pytest
import simple_websocket  # type: ignore[import-untyped]
from flask import Flask
from werkzeug.debug import DebuggedApplication
from werkzeug.serving import make_server

from {{ cookiecutter.package_name }}.core import logs
from {{ cookiecutter.package_name }}.realtime.devserver import WebSocketEnd

FRONT_END = "https://app.example.com"


@pytest.fixture
def dev_server(app: Flask, root_logger) -> Iterator[tuple[str, io.StringIO]]:
    """The app as flask run serves it in debug mode, inside Werkzeug's
    debugger, on a thread: its host and port, and its log."""
    log = io.StringIO()
    logs.configure_logging("INFO", log)
    server = make_server("127.0.0.1", 0, DebuggedApplication(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever)
    thread.start()
    yield f"127.0.0.1:{server.server_port}", log
    server.shutdown()
    thread.join()


def wait_for(condition: Callable[[], bool], timeout: float = 10) -> None:
    """Wait until ``condition()`` holds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def requests_in_progress() -> bool:
    """Whether a thread of the server is still answering a request."""
    return any("process_request" in thread.name for thread in threading.enumerate())


def test_a_closed_websocket_leaves_no_error(dev_server, api_client, capfd):
    """A client that closes its WebSocket is logged as gone, and neither a
    500 nor a traceback follows, though the debugger is around the app."""
    address, log = dev_server
    assert api_client.environ_base is not None  # FlaskClient always has one
    authorization = api_client.environ_base.get("HTTP_AUTHORIZATION", "")
    auth = {"token": authorization.removeprefix("Bearer ")}
    ws = simple_websocket.Client.connect(
        f"ws://{address}/socket.io/?EIO=4&transport=websocket"
    )
    assert ws.receive(timeout=5).startswith("0")  # Engine.IO's open
    ws.send("40" + json.dumps(auth))
    assert ws.receive(timeout=5).startswith('42["welcome"')
    ws.close()
    wait_for(lambda: "disconnected" in log.getvalue())
    wait_for(lambda: not requests_in_progress())
    lines = log.getvalue().splitlines()
    events = [line.split(" [-] ")[1] for line in lines if ".realtime " in line]
    assert [event.split()[0] for event in events] == ["connected", "disconnected"]
    assert not any(" 500 " in line for line in lines)
    assert "Traceback" not in capfd.readouterr().err


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
