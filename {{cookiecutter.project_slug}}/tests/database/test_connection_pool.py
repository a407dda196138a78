"""Connection pool settings, and how long the app waits for the database server."""

import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import make_url, text
from sqlalchemy.exc import OperationalError
from werkzeug.test import TestResponse

from {{ cookiecutter.package_name }}.core.settings import ConfigError
from {{ cookiecutter.package_name }}.database.models import db
from {{ cookiecutter.package_name }}.database.pool import PING_TIMEOUT
from {{ cookiecutter.package_name }}.database.settings import (
    DEFAULT_DATABASE_URL,
    DatabaseSettings,
)

from ..databases import DEFAULT_PORT


def timed(call: Callable[[], object]) -> tuple[object, float]:
    """Run ``call`` in a thread, so a hang fails the test instead of the run;
    return what it returned or raised, and the seconds it took."""
    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(call())
        except Exception as error:
            outcome.append(error)

    started = time.monotonic()
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout=15)
    assert outcome, "still waiting for the database after 15 s"
    return outcome[0], time.monotonic() - started


def readyz(app: Flask) -> tuple[int, float]:
    """/readyz's status, and the seconds it took to answer."""
    answer, seconds = timed(lambda: app.test_client().get("/readyz"))
    assert isinstance(answer, TestResponse), answer
    return answer.status_code, seconds


def test_pool_settings_have_bounded_defaults():
    """No wait is unbounded: queries get as long as a connect, 3 s."""
    settings = DatabaseSettings.read()
    options: dict[str, Any] = settings.engine_options()
    assert options["pool_timeout"] == 10
    assert options["connect_args"]["connect_timeout"] == 3
    assert settings.read_timeout == 3


def test_the_read_timeout_follows_the_connect_timeout_unless_set(monkeypatch):
    """DATABASE_READ_TIMEOUT defaults to DATABASE_CONNECT_TIMEOUT; 0 lifts it."""
    monkeypatch.setenv("DATABASE_CONNECT_TIMEOUT", "5")
    assert DatabaseSettings.read().read_timeout == 5
    monkeypatch.setenv("DATABASE_READ_TIMEOUT", "60")
    assert DatabaseSettings.read().read_timeout == 60
    monkeypatch.setenv("DATABASE_READ_TIMEOUT", "0")
    assert DatabaseSettings.read().read_timeout is None


def test_pool_settings_come_from_the_environment(monkeypatch):
    """Each DATABASE_* pool variable sets its engine option."""
    variables = {
        "DATABASE_POOL_SIZE": "20",
        "DATABASE_MAX_OVERFLOW": "0",
        "DATABASE_POOL_TIMEOUT": "2",
        "DATABASE_POOL_RECYCLE": "600",
        "DATABASE_CONNECT_TIMEOUT": "5",
    }
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    options: dict[str, Any] = DatabaseSettings.read().engine_options()
    assert (options["pool_size"], options["max_overflow"]) == (20, 0)
    assert (options["pool_timeout"], options["pool_recycle"]) == (2, 600)
    assert options["connect_args"]["connect_timeout"] == 5


def test_a_bad_pool_setting_is_refused_by_name(monkeypatch):
    """A pool variable that is not a whole number stops startup, naming it."""
    monkeypatch.setenv("DATABASE_POOL_SIZE", "lots")
    with pytest.raises(ConfigError, match="DATABASE_POOL_SIZE must be a whole number"):
        DatabaseSettings.read()


@pytest.fixture
def silent_database_url():
    """The URL of a server that accepts connections but never answers."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        url = make_url(DEFAULT_DATABASE_URL).set(
            host="127.0.0.1", port=server.getsockname()[1]
        )
        yield url.render_as_string(hide_password=False)


def test_a_database_that_never_answers_cannot_hang_a_request(
    make_app, silent_database_url
):
    """A server that accepts the connection and then says nothing gets a 503."""
    app = make_app(
        DATABASE_URL=silent_database_url,
        DATABASE_CONNECT_TIMEOUT="2",
        DATABASE_READ_TIMEOUT="2",
    )
    answer, _ = timed(lambda: app.test_client().get("/readyz"))
    assert isinstance(answer, TestResponse), answer
    assert answer.status_code == 503
    assert answer.json
    assert answer.json["checks"]["database"] == "unavailable"


class FreezableProxy:
    """A TCP proxy to the test database's server that can freeze like it.

    Frozen, it keeps every connection open and accepts new ones, but passes
    nothing on, as a server stopped with SIGSTOP does: its kernel still
    acknowledges the packets while the server answers none of them.
    """

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self.listener.getsockname()[1]
        self.thawed = threading.Event()
        self.thawed.set()
        self.sockets: list[socket.socket] = [self.listener]
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.target)
            self.sockets += [client, server]
            for source, sink in ((client, server), (server, client)):
                threading.Thread(
                    target=self.pump, args=(source, sink), daemon=True
                ).start()

    def pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                self.thawed.wait()
                sink.sendall(data)
        except OSError:
            pass
        sink.close()

    def freeze(self) -> None:
        self.thawed.clear()

    def thaw(self) -> None:
        self.thawed.set()

    def close(self) -> None:
        self.thaw()
        for each in self.sockets:
            each.close()


@pytest.fixture
def freezable(database_url: str) -> Iterator[tuple[FreezableProxy, str]]:
    """A proxy to the test database, and the database's URL through it."""
    url = make_url(database_url)
    proxy = FreezableProxy((url.host or "127.0.0.1", url.port or DEFAULT_PORT))
    try:
        through = url.set(host="127.0.0.1", port=proxy.port)
        yield proxy, through.render_as_string(hide_password=False)
    finally:
        proxy.close()


def test_a_frozen_server_costs_a_pooled_connection_one_ping_and_a_connect(
    make_app: Callable[..., Flask], freezable: tuple[FreezableProxy, str]
):
    """With the server frozen, /readyz on a pooled connection answers 503 within
    the ping's and the connect's timeouts, and 200 again once it thaws."""
    proxy, url = freezable
    app = make_app(DATABASE_URL=url, DATABASE_CONNECT_TIMEOUT="2")
    assert readyz(app)[0] == 200
    proxy.freeze()
    status, seconds = readyz(app)
    assert status == 503
    assert seconds < PING_TIMEOUT + 2 + 1
    proxy.thaw()
    assert readyz(app)[0] == 200


def test_a_query_the_server_never_answers_fails_within_the_read_timeout(
    make_app: Callable[..., Flask], freezable: tuple[FreezableProxy, str]
):
    """A query in flight when the server freezes fails with OperationalError
    within about DATABASE_READ_TIMEOUT; the pool then replaces its connection."""
    proxy, url = freezable
    app = make_app(DATABASE_URL=url, DATABASE_READ_TIMEOUT="1")
    with app.app_context(), db.engine.connect() as connection:
        assert connection.scalar(text("SELECT 1")) == 1
        proxy.freeze()
        error, seconds = timed(lambda: connection.execute(text("SELECT 1")))
        assert isinstance(error, OperationalError), error
        assert seconds < 1 + 1
        assert connection.invalidated
    proxy.thaw()
    with app.app_context(), db.engine.connect() as connection:
        assert connection.scalar(text("SELECT 1")) == 1
