"""Fixtures shared by the test suite."""
{%- set database = cookiecutter.__has_database %}
{%- set redis = cookiecutter.__needs_redis %}
{#- Redis sessions and Celery's broker are part of every app of the bake. #}
{%- set redis_in_every_app = cookiecutter.use_redis_sessions or cookiecutter.use_celery %}

import logging
{%- if database or redis %}
import os
{%- endif %}
{%- if database %}
import socket
{%- endif %}
{%- if redis %}
import uuid
{%- endif %}
from collections.abc import Callable, Iterator
{%- if database %}
from pathlib import Path
{%- endif %}

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
{%- if cookiecutter.use_jwt %}
from flask_jwt_extended import create_access_token
{%- endif %}
{%- if redis %}
from redis import Redis
from redis.exceptions import RedisError
{%- endif %}
{%- if database %}
from sqlalchemy import MetaData, create_engine, make_url, text
from sqlalchemy.exc import DBAPIError, OperationalError
{%- endif %}

from {{ cookiecutter.package_name }} import create_app
{%- if cookiecutter.use_jwt %}
from {{ cookiecutter.package_name }}.auth.credentials import hash_password
from {{ cookiecutter.package_name }}.auth.models import User
from {{ cookiecutter.package_name }}.auth.roles import ADMIN
from {{ cookiecutter.package_name }}.auth.tokens import issue_tokens
{%- endif %}
from {{ cookiecutter.package_name }}.core.settings import Settings
{%- if database %}
from {{ cookiecutter.package_name }}.database.models import db
from {{ cookiecutter.package_name }}.database.settings import TEST_DATABASE_URL

from .databases import CONNECT_ARGS, create_database, database_remedy
{%- endif %}
{%- if database %}

MIGRATIONS = str(Path(__file__).resolve().parent.parent / "migrations")
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

# What every test's app reads instead of the real environment.
TESTING_ENVIRONMENT = {
    "APP_ENV": "development",
    "SECRET_KEY": "testing-only-secret-key",
{%- if cookiecutter.use_jwt %}
    "JWT_SECRET_KEY": "testing-only-jwt-secret-32-bytes!",
    # bcrypt's lowest cost: the tests hash many passwords.
    "BCRYPT_LOG_ROUNDS": "4",
{%- endif %}
}


def setting_names() -> set[str]:
    """The variables the app's settings classes read."""
    names: set[str] = set()
    classes: list[type[Settings]] = [Settings]
    while classes:
        settings = classes.pop()
        classes.extend(settings.__subclasses__())
        names.update(name.upper() for name in settings.model_fields)
    return names


@pytest.fixture(autouse=True)
def environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hide the shell's and .env's settings from every test's app."""
    for name in setting_names():
        monkeypatch.delenv(name, raising=False)
    for name, value in TESTING_ENVIRONMENT.items():
        monkeypatch.setenv(name, value)
{%- if database %}


def testing_database_url() -> str:
    """TEST_DATABASE_URL, or the testing default; DATABASE_URL is never read."""
    return os.environ.get("TEST_DATABASE_URL") or TEST_DATABASE_URL


def prepare_test_database(url: str) -> None:
    """Connect to the test database, creating it on its server if it is missing."""
    try:
        check_connection(url)
    except OperationalError:
        create_database(make_url(url))
        check_connection(url)


def check_connection(url: str) -> None:
    """Connect to a database and query it; raise if either fails."""
    engine = create_engine(url, connect_args=CONNECT_ARGS)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    finally:
        engine.dispose()


def database_problem() -> str | None:
    """Why the test database cannot be used, or None when it can."""
    try:
        prepare_test_database(testing_database_url())
    except DBAPIError as error:
        reason = " ".join(str(error.orig).split())
        return f"The test database is unreachable ({reason}); {database_remedy()}"
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
    names: list[str] = getattr(item, "fixturenames", [])
    return names
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
{%- if cookiecutter.use_email %}
    return {
        "SECRET_KEY": "s" * 64,
        "JWT_SECRET_KEY": "j" * 64,
        # Not secrets, but production needs them too.
        "MAIL_SERVER": "mail.example.com",
        "MAIL_DEFAULT_SENDER": "app@example.com",
        "PUBLIC_URL": "https://app.example.com",
    }
{%- elif cookiecutter.use_jwt %}
    return {"SECRET_KEY": "s" * 64, "JWT_SECRET_KEY": "j" * 64}
{%- else %}
    return {"SECRET_KEY": "s" * 64}
{%- endif %}


@pytest.fixture
{%- if database and redis_in_every_app %}
def service_settings(
    database_url: str, redis_settings: dict[str, str]
) -> dict[str, str]:
    """Settings that point an app at this test's own backing services."""
    return {"DATABASE_URL": database_url, **redis_settings}
{%- elif database %}
def service_settings(database_url: str) -> dict[str, str]:
    """Settings that point an app at this test's own backing services."""
    return {"DATABASE_URL": database_url}
{%- elif redis_in_every_app %}
def service_settings(redis_settings: dict[str, str]) -> dict[str, str]:
    """Settings that point an app at this test's own backing services."""
    return redis_settings
{%- else %}
def service_settings() -> dict[str, str]:
    """Settings that point an app at this test's own backing services: none."""
    return {}
{%- endif %}


def app_with(settings: dict[str, str]) -> Flask:
    """A testing app built while the environment also holds ``settings``."""
    with pytest.MonkeyPatch.context() as patch:
        for name, value in settings.items():
            patch.setenv(name, value)
        return create_app(testing=True)


@pytest.fixture
{%- if database %}
def make_app(service_settings: dict[str, str]) -> Iterator[Callable[..., Flask]]:
    """Build apps from the testing configuration plus the settings given."""
    apps = []

    def make_app(**settings: str) -> Flask:
        app = app_with({**service_settings, **settings})
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
        return app_with({**service_settings, **settings})

    return make_app
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


{%- if database %}


@pytest.fixture
def offline_app(make_app: Callable[..., Flask], database_url: str) -> Flask:
    """An app whose database server does not answer."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed_port = sock.getsockname()[1]
    url = make_url(database_url)
    if url.host:
        url = url.set(host="127.0.0.1", port=closed_port)
    else:
        url = url.set(database="/nonexistent/folder/app.db")
    return make_app(DATABASE_URL=url.render_as_string(hide_password=False))


@pytest.fixture
def flask_db(runner: FlaskCliRunner) -> Callable[..., None]:
    """Run `flask db ARGS` on the shipped migrations; fail on a non-zero exit."""

    def flask_db(*args: str) -> None:
        result = runner.invoke(args=["db", *args, "--directory", MIGRATIONS])
        assert result.exit_code == 0, result.output

    return flask_db
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
        assert tokens is not None, "the login failed"
        assert client.environ_base is not None  # FlaskClient always has one
        client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {tokens['access_token']}"
        return dict(tokens)

    return sign_in
{%- endif %}


@pytest.fixture
{%- if cookiecutter.use_jwt %}
def api_client(client: FlaskClient, sign_in: Callable[..., object]) -> FlaskClient:
    """A client signed in to an account, as the API's users are."""
    sign_in(client)
    return client
{%- else %}
def api_client(client: FlaskClient) -> FlaskClient:
    """A client as the API's users are: nobody needs to sign in."""
    return client
{%- endif %}


@pytest.fixture
{%- if cookiecutter.use_jwt %}
def api_headers(app: Flask) -> dict[str, str]:
    """What an API user sends: a well-signed access token, for account 1."""
    with app.app_context():
        token = create_access_token("1", additional_claims={"sid": "0" * 32})
    return {"Authorization": f"Bearer {token}"}
{%- else %}
def api_headers() -> dict[str, str]:
    """What an API user sends: nothing, as nobody needs to sign in."""
    return {}
{%- endif %}


@pytest.fixture
{%- if cookiecutter.use_jwt %}
def login_headers(
    app: Flask, make_user: Callable[..., User]
) -> Callable[[str], dict[str, str]]:
    """Headers of a new login of an admin, for a request to ``path``: its
    refresh token for /api/auth/refresh, its access token elsewhere."""
    admin = make_user("admin@example.com", role=ADMIN)

    def login_headers(path: str) -> dict[str, str]:
        with app.app_context():
            tokens = issue_tokens(admin)
        kind = "refresh_token" if path == "/api/auth/refresh" else "access_token"
        return {"Authorization": f"Bearer {tokens[kind]}"}

    return login_headers
{%- else %}
def login_headers() -> Callable[[str], dict[str, str]]:
    """Headers for a request to a path: none, as nobody needs to sign in."""
    return lambda path: {}
{%- endif %}


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    """A runner for the app's ``flask`` commands."""
    return app.test_cli_runner()


@pytest.fixture
def root_logger() -> Iterator[logging.Logger]:
    """The root logger, restored after a test that configures logging."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield root
    root.handlers = handlers
    root.setLevel(level)
