"""Fixtures shared by the test suite."""
{%- set database = cookiecutter.database != "none" %}
{%- set server = cookiecutter.database in ("postgresql", "mysql") %}
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
{%- if server %}
from sqlalchemy import URL, MetaData, create_engine, make_url, text
from sqlalchemy.exc import DBAPIError, OperationalError
{%- elif database %}
from sqlalchemy import MetaData, create_engine, text
from sqlalchemy.exc import DBAPIError
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
{%- if cookiecutter.database == "postgresql" %}

# Where the testing default expects its server, and the usual way to start it.
START_DATABASE = (
    "start PostgreSQL on 127.0.0.1:5432 "
    "(`sudo systemctl start postgresql` on most Linux systems)"
)
# The database every PostgreSQL server has, to connect to while creating ours.
SERVER_DATABASE = "postgres"
{%- elif cookiecutter.database == "mysql" %}

# Where the testing default expects its server, and the usual way to start it.
START_DATABASE = (
    "start MySQL or MariaDB on 127.0.0.1:3306 "
    "(`sudo systemctl start mysql` on most Linux systems)"
)
# The database every MySQL user may connect to, to create ours from.
SERVER_DATABASE = "information_schema"
{%- endif %}
{%- if server %}
# Seconds to wait for the database server, so a silent one cannot hang the run.
{%- if cookiecutter.database == "mysql" %}
CONNECT_ARGS = {"connect_timeout": 3, "read_timeout": 3}
{%- else %}
CONNECT_ARGS = {"connect_timeout": 3}
{%- endif %}
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
{%- if database %}


def testing_database_url() -> str:
    """TEST_DATABASE_URL, or the testing default; DATABASE_URL is never read."""
    return os.environ.get("TEST_DATABASE_URL") or config.TESTING_DATABASE_URL


def check_connection(url: str) -> None:
    """Connect to a database and query it; raise if either fails."""
{%- if server %}
    engine = create_engine(url, connect_args=CONNECT_ARGS)
{%- else %}
    engine = create_engine(url)
{%- endif %}
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    finally:
        engine.dispose()
{%- endif %}
{%- if server %}


def create_database(url: URL) -> None:
    """Create the database ``url`` names on its server, unless it is there."""
    assert url.database, "the test database URL names no database"
    server = create_engine(
        url.set(database=SERVER_DATABASE),
        isolation_level="AUTOCOMMIT",
        connect_args=CONNECT_ARGS,
    )
    name = server.dialect.identifier_preparer.quote(url.database)
    try:
        with server.connect() as connection:
{%- if cookiecutter.database == "postgresql" %}
            found = connection.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = :name"),
                {"name": url.database},
            )
            if not found:
                connection.execute(text(f"CREATE DATABASE {name}"))
{%- else %}
            connection.execute(
                text(f"CREATE DATABASE IF NOT EXISTS {name} CHARACTER SET utf8mb4")
            )
{%- endif %}
    finally:
        server.dispose()


def prepare_test_database(url: str) -> None:
    """Connect to the test database, creating it on its server if it is missing."""
    try:
        check_connection(url)
    except OperationalError:
        create_database(make_url(url))
        check_connection(url)


def database_remedy() -> str:
    """How to give the tests a database, for the message that they have none."""
    if os.environ.get("TEST_DATABASE_URL"):
        return "start the server TEST_DATABASE_URL names, or change TEST_DATABASE_URL"
    return f"{START_DATABASE}, or set TEST_DATABASE_URL"
{%- endif %}
{%- if database %}


def database_problem() -> str | None:
    """Why the test database cannot be used, or None when it can."""
    try:
{%- if server %}
        prepare_test_database(testing_database_url())
{%- else %}
        check_connection(testing_database_url())
{%- endif %}
    except DBAPIError as error:
        reason = " ".join(str(error.orig).split())
{%- if server %}
        return f"The test database is unreachable ({reason}); {database_remedy()}"
{%- else %}
        return (
            f"The test database is unreachable ({reason}); "
            "check the file TEST_DATABASE_URL names"
        )
{%- endif %}
    return None


def drop_every_table(url: str) -> None:
    """Empty a database: drop each table in it, Alembic's version table too."""
    engine = create_engine(url)
    try:
        tables = MetaData()
        tables.reflect(engine)
        tables.drop_all(engine)
    finally:
        engine.dispose()
{%- endif %}
{%- if redis %}


def redis_problem() -> str | None:
    """Why the tests' Redis cannot be used, or None when it can."""
    client = Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except RedisError as error:
        return f"Redis is unreachable ({error}); start it with: {START_REDIS}"
    finally:
        client.close()
    return None
{%- endif %}
{%- if database or redis %}


# Each service the tests use: the fixture that hands it to them, and the check
# that says why it cannot be used.
SERVICE_CHECKS: dict[str, Callable[[], str | None]] = {
{%- if database %}
    "database_url": database_problem,
{%- endif %}
{%- if redis %}
    "redis_settings": redis_problem,
{%- endif %}
}
UNAVAILABLE = pytest.StashKey[dict[str, str]]()


def pytest_collection_finish(session: pytest.Session) -> None:
    """Check once, before the first test, each service the chosen tests need.

    With REQUIRE_SERVICES=1 (set it in CI) a missing service ends the run here.
    """
    if session.config.option.collectonly:
        return
    needed = {name for item in session.items for name in fixtures_of(item)}
    unavailable = {
        fixture: problem
        for fixture, check in SERVICE_CHECKS.items()
        if fixture in needed and (problem := check())
    }
    if unavailable and os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.exit("; ".join(unavailable.values()), returncode=1)
    session.config.stash[UNAVAILABLE] = unavailable


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Skip a test whose service is down.

    Skips raised here, not in a fixture, all have this one location, so the
    summary folds them into one line rather than a line per test.
    """
    for fixture, problem in item.config.stash.get(UNAVAILABLE, {}).items():
        if fixture in fixtures_of(item):
            pytest.skip(f"{problem} (REQUIRE_SERVICES=1 makes this a failure)")


def fixtures_of(item: pytest.Item) -> list[str]:
    """The fixtures a test uses, directly or through other fixtures."""
    return getattr(item, "fixturenames", [])
{%- endif %}
{%- if redis %}


@pytest.fixture
def redis_settings() -> Iterator[dict[str, str]]:
    """REDIS_URL and a key prefix of this test's own, whose keys are then deleted."""
    prefix = f"test-{uuid.uuid4().hex}:"
    yield {"REDIS_URL": TEST_REDIS_URL, "REDIS_KEY_PREFIX": prefix}
    client = Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=1)
    for key in client.scan_iter(f"{prefix}*"):
        client.delete(key)
    client.close()
{%- endif %}
{%- if database %}


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    """The test database, emptied before the first test and after the last.

    Whatever was in it before (a `flask db upgrade`, say) goes, Alembic's version
    table too, so the next `flask db upgrade` there builds every table again.
    """
    url = testing_database_url()
    drop_every_table(url)
    yield url
    drop_every_table(url)
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
