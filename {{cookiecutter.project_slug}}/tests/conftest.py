"""Fixtures shared by the test suite."""

import logging
{%- if cookiecutter.database != "none" %}
import os
from collections.abc import Iterator
{%- endif %}

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
{%- if cookiecutter.database != "none" %}
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError
{%- endif %}

from {{ cookiecutter.package_name }} import config, create_app
{%- if cookiecutter.database != "none" %}
from {{ cookiecutter.package_name }}.extensions import db


@pytest.fixture(scope="session")
def database_url() -> str:
    """The test database: TEST_DATABASE_URL, or the testing default.

    The suite skips when it cannot connect, unless REQUIRE_SERVICES=1 makes
    that a failure.
    """
    url = os.environ.get("TEST_DATABASE_URL") or config.TESTING_DATABASE_URL
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except OperationalError as error:
        message = (
            f"cannot reach the test database ({error.orig}); start it, create "
            "the database, or point TEST_DATABASE_URL at another one"
        )
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(message)
        pytest.skip(message)
    finally:
        engine.dispose()
    return url


@pytest.fixture
def app(database_url: str) -> Iterator[Flask]:
    """An app built from the testing configuration, with empty tables."""
    app = create_app(config.TestingConfig({"DATABASE_URL": database_url}))
    with app.app_context():
        db.create_all()
    yield app
    # Dropping the tables leaves no rows behind for the next test.
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()
{%- else %}


@pytest.fixture
def app() -> Flask:
    """An app built from the testing configuration."""
    return create_app(config.TestingConfig())
{%- endif %}


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
