"""Fixtures shared by the test suite."""

import logging

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from {{ cookiecutter.package_name }} import config, create_app


@pytest.fixture
def app() -> Flask:
    """An app built from the testing configuration."""
    return create_app(config.TestingConfig())


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
