"""Connection pool settings for the database server."""

import socket
import threading
from typing import Any

import pytest
from sqlalchemy import make_url

from {{ cookiecutter.package_name }}.core.settings import ConfigError
from {{ cookiecutter.package_name }}.database.settings import (
    DEFAULT_DATABASE_URL,
    DatabaseSettings,
)


def test_pool_settings_have_bounded_defaults():
    """Connections are checked before use, and no wait is unbounded."""
    options: dict[str, Any] = DatabaseSettings.read().engine_options()
    assert options["pool_pre_ping"] is True
    assert options["pool_timeout"] == 10
    assert options["connect_args"]["connect_timeout"] == 3


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
    """A server that accepts the connection and then says nothing gets a 503.

    The request runs in a thread, so a hang fails the test instead of the run.
    """
    app = make_app(
        DATABASE_URL=silent_database_url,
        DATABASE_CONNECT_TIMEOUT="2",
        DATABASE_READ_TIMEOUT="2",
    )
    answers = []
    request = threading.Thread(
        target=lambda: answers.append(app.test_client().get("/readyz")), daemon=True
    )
    request.start()
    request.join(timeout=15)
    assert answers, "the request was still waiting for the database after 15 s"
    assert answers[0].status_code == 503
    assert answers[0].json["checks"]["database"] == "unavailable"
