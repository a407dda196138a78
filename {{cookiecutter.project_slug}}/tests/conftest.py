"""Fixtures shared by the test suite."""

import logging
{%- if cookiecutter.use_redis_sessions or cookiecutter.use_socketio %}
import os
import uuid
from collections.abc import Callable, Iterator
{%- else %}
from collections.abc import Callable
{%- endif %}

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
{%- if cookiecutter.use_redis_sessions or cookiecutter.use_socketio %}
from redis import Redis
from redis.exceptions import RedisError
{%- endif %}

from {{ cookiecutter.package_name }} import config, create_app
{%- if cookiecutter.use_redis_sessions or cookiecutter.use_socketio %}

# Tests share this Redis, each under a key prefix of its own.
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
START_REDIS = "redis-server --daemonize yes --save '' --appendonly no"


def service_unavailable(name: str, problem: Exception, start: str) -> None:
    """Skip a test whose service is down; with REQUIRE_SERVICES=1, fail it."""
    message = f"{name} is unreachable ({problem}); start it with: {start}"
    if os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail(message)
    pytest.skip(f"{message} (REQUIRE_SERVICES=1 makes this a failure)")


@pytest.fixture
def redis_settings() -> Iterator[dict[str, str]]:
    """REDIS_URL and a key prefix of this test's own, whose keys are then deleted."""
    client = Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except RedisError as error:
        service_unavailable("Redis", error, START_REDIS)
    prefix = f"test-{uuid.uuid4().hex}:"
    yield {"REDIS_URL": TEST_REDIS_URL, "REDIS_KEY_PREFIX": prefix}
    for key in client.scan_iter(f"{prefix}*"):
        client.delete(key)
    client.close()
{%- endif %}


@pytest.fixture
{%- if cookiecutter.use_redis_sessions %}
def service_settings(redis_settings: dict[str, str]) -> dict[str, str]:
    """Settings that point an app at this test's own backing services."""
    return redis_settings
{%- else %}
def service_settings() -> dict[str, str]:
    """Settings that point an app at this test's own backing services: none."""
    return {}
{%- endif %}


@pytest.fixture
def make_app(service_settings: dict[str, str]) -> Callable[..., Flask]:
    """Build apps from the testing configuration plus the settings given."""

    def make_app(**settings: str) -> Flask:
        return create_app(config.TestingConfig({**service_settings, **settings}))

    return make_app

{%- if cookiecutter.use_cors %}


@pytest.fixture
def load_config() -> Callable[..., config.Config]:
    """Build the configuration APP_ENV names from the variables given."""
    return config.load_config
{%- endif %}


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    """An app built from the testing configuration."""
    return make_app()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A client that sends requests to the app without a server."""
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    """A runner for the app's ``flask`` commands."""
    return app.test_cli_runner()


@pytest.fixture
def root_logger() -> logging.Logger:
    """The root logger, restored after a test that configures logging."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield root
    root.handlers = handlers
    root.setLevel(level)
