"""The Redis client: its readiness check and how fast it gives up."""

import socket
import time

import pytest

from {{ cookiecutter.package_name }}.redis_store import configured_url


@pytest.fixture
def silent_redis():
    """The URL of a server that accepts connections but never answers."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"


def closed_port_url() -> str:
    """The URL of a port on 127.0.0.1 where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"redis://127.0.0.1:{probe.getsockname()[1]}/0"


def test_readyz_reports_redis_when_it_answers(make_app, redis_settings):
    """/readyz pings Redis and reports it by name."""
    response = make_app(**redis_settings).test_client().get("/readyz")
    assert response.status_code == 200
    assert response.json["checks"]["redis"] == "ok"


def test_readyz_names_redis_when_it_is_down(make_app):
    """With nothing listening at REDIS_URL, /readyz is 503 naming redis."""
    app = make_app(REDIS_URL=closed_port_url())
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json["checks"]["redis"] == "unavailable"


def test_a_redis_that_never_answers_is_given_up_on_quickly(make_app, silent_redis):
    """A hung Redis cannot hang a request: the check fails within two seconds."""
    app = make_app(REDIS_URL=silent_redis)
    started = time.monotonic()
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert time.monotonic() - started < 3


def test_redis_url_must_name_redis(make_app):
    """A URL of another scheme is refused, naming REDIS_URL."""
    with pytest.raises(RuntimeError, match="REDIS_URL must start with redis://"):
        make_app(REDIS_URL="http://127.0.0.1:6379")


def test_a_url_an_earlier_feature_chose_is_kept(app):
    """Without REDIS_URL, a later feature keeps the Redis an earlier one chose."""
    app.config["REDIS_URL"] = "redis://cache.example.com:6379/0"
    assert configured_url(app) == "redis://cache.example.com:6379/0"
