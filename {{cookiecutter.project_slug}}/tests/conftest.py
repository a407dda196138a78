"""Fixtures shared by the test suite."""
{%- set database = cookiecutter.database != "none" %}
{%- set redis = cookiecutter.use_redis_sessions or cookiecutter.use_socketio %}

import logging
{%- if database or redis %}
import os
{%- endif %}
{%- if redis %}
import uuid
{%- endif %}
{%- if database or redis %}
from collections.abc import Callable, Iterator
{%- else %}
from collections.abc import Callable
{%- endif %}

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
{%- if redis %}
from redis import Redis
from redis.exceptions import RedisError
{%- endif %}
{%- if database %}
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError
{%- endif %}

from {{ cookiecutter.package_name }} import config, create_app
{%- if cookiecutter.use_jwt %}
from {{ cookiecutter.package_name }}.auth.credentials import hash_password
{%- endif %}
{%- if database %}
from {{ cookiecutter.package_name }}.extensions import db
{%- endif %}
{%- if cookiecutter.use_jwt %}
from {{ cookiecutter.package_name }}.models import User
{%- endif %}
{%- if redis %}

# Tests share this Redis, each under a key prefix of its own.
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
START_REDIS = "redis-server --daemonize yes --save '' --appendonly no"
{%- endif %}
{%- if cookiecutter.use_jwt %}

# The password of the accounts the fixtures make.
PASSWORD = "correct horse battery staple"
{%- endif %}
{%- if database or redis %}


def service_unavailable(name: str, problem: object, remedy: str) -> None:
    """Skip a test whose service is down; with REQUIRE_SERVICES=1, fail it."""
    message = f"{name} is unreachable ({problem}); {remedy}"
    if os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail(message)
    pytest.skip(f"{message} (REQUIRE_SERVICES=1 makes this a failure)")
{%- endif %}
{%- if redis %}


@pytest.fixture
def redis_settings() -> Iterator[dict[str, str]]:
    """REDIS_URL and a key prefix of this test's own, whose keys are then deleted."""
    client = Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except RedisError as error:
        service_unavailable("Redis", error, f"start it with: {START_REDIS}")
    prefix = f"test-{uuid.uuid4().hex}:"
    yield {"REDIS_URL": TEST_REDIS_URL, "REDIS_KEY_PREFIX": prefix}
    for key in client.scan_iter(f"{prefix}*"):
        client.delete(key)
    client.close()
{%- endif %}
{%- if database %}


@pytest.fixture(scope="session")
def database_url() -> str:
    """The test database: TEST_DATABASE_URL, or the testing default."""
    url = os.environ.get("TEST_DATABASE_URL") or config.TESTING_DATABASE_URL
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except OperationalError as error:
        service_unavailable(
            "The test database",
            error.orig,
            "start its server and create it, or point TEST_DATABASE_URL at one",
        )
    finally:
        engine.dispose()
    return url
{%- endif %}


@pytest.fixture
def production_secrets() -> dict[str, str]:
    """Secrets of the length production insists on."""
{%- if cookiecutter.use_jwt %}
    return {"SECRET_KEY": "s" * 64, "JWT_SECRET_KEY": "j" * 64}
{%- else %}
    return {"SECRET_KEY": "s" * 64}
{%- endif %}


@pytest.fixture
{%- if database and cookiecutter.use_redis_sessions %}
def service_settings(
    database_url: str, redis_settings: dict[str, str]
) -> dict[str, str]:
    """Settings that point an app at this test's own backing services."""
    return {"DATABASE_URL": database_url, **redis_settings}
{%- elif database %}
def service_settings(database_url: str) -> dict[str, str]:
    """Settings that point an app at this test's own backing services."""
    return {"DATABASE_URL": database_url}
{%- elif cookiecutter.use_redis_sessions %}
def service_settings(redis_settings: dict[str, str]) -> dict[str, str]:
    """Settings that point an app at this test's own backing services."""
    return redis_settings
{%- else %}
def service_settings() -> dict[str, str]:
    """Settings that point an app at this test's own backing services: none."""
    return {}
{%- endif %}


@pytest.fixture
{%- if database %}
def make_app(service_settings: dict[str, str]) -> Iterator[Callable[..., Flask]]:
    """Build apps from the testing configuration plus the settings given."""
    apps = []

    def make_app(**settings: str) -> Flask:
        app = create_app(config.TestingConfig({**service_settings, **settings}))
        apps.append(app)
        return app

    yield make_app
    # Close pooled connections now, not whenever the garbage collector runs.
    for app in apps:
        with app.app_context():
            db.engine.dispose()
{%- else %}
def make_app(service_settings: dict[str, str]) -> Callable[..., Flask]:
    """Build apps from the testing configuration plus the settings given."""

    def make_app(**settings: str) -> Flask:
        return create_app(config.TestingConfig({**service_settings, **settings}))

    return make_app
{%- endif %}
{%- if cookiecutter.use_cors %}


@pytest.fixture
def load_config() -> Callable[..., config.Config]:
    """Build the configuration APP_ENV names from the variables given."""
    return config.load_config
{%- endif %}


@pytest.fixture
{%- if database %}
def app(make_app: Callable[..., Flask]) -> Iterator[Flask]:
    """An app built from the testing configuration, with empty tables."""
    app = make_app()
    with app.app_context():
        db.create_all()
    yield app
    # Dropping the tables leaves no rows behind for the next test.
    with app.app_context():
        db.session.remove()
        db.drop_all()
{%- else %}
def app(make_app: Callable[..., Flask]) -> Flask:
    """An app built from the testing configuration."""
    return make_app()
{%- endif %}


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A client that sends requests to the app without a server."""
    return app.test_client()
{%- if cookiecutter.use_jwt %}


@pytest.fixture
def make_user(app: Flask) -> Callable[..., User]:
    """Add an account to the database directly, password and all."""

    def make_user(email: str, password: str = PASSWORD, role: str = "user") -> User:
        with app.app_context():
            user = User(email=email, password_hash=hash_password(password), role=role)
            db.session.add(user)
            db.session.commit()
        return user

    return make_user


@pytest.fixture
def sign_in(make_user: Callable[..., User]) -> Callable[..., dict[str, str]]:
    """Log a client in as a new account; it then sends the access token.

    Returns the login's tokens.
    """

    def sign_in(
        client: FlaskClient, email: str = "ada@example.com", role: str = "user"
    ) -> dict[str, str]:
        make_user(email, role=role)
        credentials = {"email": email, "password": PASSWORD}
        tokens = client.post("/api/auth/login", json=credentials).json
        client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {tokens['access_token']}"
        return tokens

    return sign_in
{%- endif %}


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
