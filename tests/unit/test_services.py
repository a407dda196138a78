"""Finding the services: one reason to skip, a failure when they are required."""

import socket

import pytest

import services


@pytest.fixture
def redis_at(monkeypatch):
    """Point the tests' Redis URL at a port, forgetting earlier answers."""

    def point(port: int) -> None:
        monkeypatch.setitem(services.URLS, "redis", f"redis://127.0.0.1:{port}/0")
        services.unreachable.cache_clear()

    yield point
    services.unreachable.cache_clear()


@pytest.fixture
def closed_port() -> int:
    """A port on 127.0.0.1 that refuses connections."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_missing_service_skips_saying_where_and_how_to_start_it(
    redis_at, closed_port, monkeypatch
):
    """Without REQUIRE_SERVICES, the reason names the address, the command and the variable."""
    monkeypatch.delenv("REQUIRE_SERVICES", raising=False)
    monkeypatch.delenv("FLASK_STARTER_REDIS_URL", raising=False)
    redis_at(closed_port)
    with pytest.raises(pytest.skip.Exception) as skipped:
        services.require_service("redis")
    reason = str(skipped.value)
    assert f"127.0.0.1:{closed_port}" in reason
    assert "redis-server --daemonize yes" in reason
    assert "FLASK_STARTER_REDIS_URL" in reason


def test_a_missing_service_the_variable_names_says_so(
    redis_at, closed_port, monkeypatch
):
    """Where the variable chose the address, the reason suggests no local server."""
    monkeypatch.delenv("REQUIRE_SERVICES", raising=False)
    monkeypatch.setenv("FLASK_STARTER_REDIS_URL", f"redis://127.0.0.1:{closed_port}/0")
    redis_at(closed_port)
    with pytest.raises(pytest.skip.Exception) as skipped:
        services.require_service("redis")
    reason = str(skipped.value)
    assert "start a server there or change FLASK_STARTER_REDIS_URL" in reason
    assert "redis-server" not in reason


def test_a_required_missing_service_fails(redis_at, closed_port, monkeypatch):
    """With REQUIRE_SERVICES=1 the same reason fails the test."""
    monkeypatch.setenv("REQUIRE_SERVICES", "1")
    redis_at(closed_port)
    with pytest.raises(pytest.fail.Exception, match="redis is not reachable"):
        services.require_service("redis")


def test_a_listening_service_is_required_without_a_word(redis_at, monkeypatch):
    """Something accepting connections at the URL's address satisfies the check."""
    monkeypatch.setenv("REQUIRE_SERVICES", "1")
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        redis_at(listener.getsockname()[1])
        assert services.require_service("redis") is None


def test_urls_without_a_port_use_the_service_default(monkeypatch):
    """A URL naming only a host reaches the service's usual port."""
    monkeypatch.setitem(services.URLS, "postgresql", "postgresql://db.internal/x")
    assert services.address("postgresql") == ("db.internal", 5432)
