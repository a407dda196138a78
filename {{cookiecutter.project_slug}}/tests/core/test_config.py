"""Settings read from environment variables."""

import re
from pathlib import Path

import pytest
from flask import Flask

from {{ cookiecutter.package_name }}.core.settings import (
    ConfigError,
    CoreSettings,
)

from ..conftest import setting_names

PROJECT = Path(__file__).resolve().parents[2]


def test_production_refuses_a_missing_secret_key(make_app):
    """Production will not start without SECRET_KEY, and says why."""
    with pytest.raises(ConfigError, match="SECRET_KEY must be set"):
        make_app(APP_ENV="production", SECRET_KEY="")


def test_production_refuses_a_short_secret_key(make_app):
    """A guessable, short SECRET_KEY is refused as if it were missing."""
    with pytest.raises(ConfigError, match="at least 32 characters"):
        make_app(APP_ENV="production", SECRET_KEY="change-me")


@pytest.mark.usefixtures("root_logger")
def test_production_accepts_a_real_secret_and_secures_cookies(
    make_app, production_secrets
):
    """With a real secret, production sends cookies over HTTPS only."""
    app: Flask = make_app(APP_ENV="production", **production_secrets)
    assert app.config.items() >= production_secrets.items()
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_development_makes_up_a_secret_when_none_is_set(make_app):
    """Development starts without .env, with a random per-process secret."""
    first, second = make_app(SECRET_KEY=""), make_app(SECRET_KEY="")
    assert len(first.config["SECRET_KEY"]) >= 32
    assert first.config["SECRET_KEY"] != second.config["SECRET_KEY"]


def test_blank_values_mean_the_default(monkeypatch):
    """A variable set to nothing, as in a copied .env.example, keeps its default."""
    monkeypatch.setenv("LOG_LEVEL", "")
    monkeypatch.setenv("MAX_CONTENT_LENGTH", " ")
    settings = CoreSettings.read()
    assert settings.log_level == "INFO"
    assert settings.max_content_length == 16 * 1024 * 1024


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("TRUSTED_PROXIES", "one", "TRUSTED_PROXIES must be a whole number"),
        ("TRUSTED_PROXIES", "-1", "TRUSTED_PROXIES must be a whole number"),
        ("MAX_CONTENT_LENGTH", "16MB", "MAX_CONTENT_LENGTH must be a whole number"),
        ("LOG_LEVEL", "LOUD", "LOG_LEVEL must be DEBUG, INFO"),
        ("LOG_LEVEL", "NOTSET", "LOG_LEVEL must be DEBUG, INFO"),
        ("TRUSTED_PROXIES", "²", "TRUSTED_PROXIES must be a whole number"),
        ("APP_ENV", "prod", "APP_ENV must be development or production, not 'prod'"),
    ],
)
def test_bad_values_are_refused_by_name(monkeypatch, name, value, message):
    """A malformed variable stops the app with one sentence naming it."""
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=message):
        CoreSettings.read()


def test_every_bad_value_is_named_at_once(monkeypatch):
    """Two bad variables give two sentences, so one restart can fix both."""
    monkeypatch.setenv("TRUSTED_PROXIES", "one")
    monkeypatch.setenv("LOG_LEVEL", "LOUD")
    with pytest.raises(ConfigError) as refusal:
        CoreSettings.read()
    assert "LOG_LEVEL must be" in str(refusal.value)
    assert "TRUSTED_PROXIES must be a whole number" in str(refusal.value)


def test_log_level_is_read_in_any_case(monkeypatch):
    """LOG_LEVEL=debug means DEBUG, as gunicorn and logging both take it."""
    monkeypatch.setenv("LOG_LEVEL", "debug")
    assert CoreSettings.read().log_level == "DEBUG"


def test_every_setting_is_documented(app):
    """Each variable the app and gunicorn read is in .env.example and in the
    README's configuration table."""
    example = (PROJECT / ".env.example").read_text()
    readme = (PROJECT / "README.md").read_text()
    names = setting_names()
    assert {"APP_ENV", "SECRET_KEY", "API_DOCS"} <= names
    for name in sorted(names):
        assert re.search(rf"\b{name}\b", example), name
        assert re.search(rf"^\| .*`{name}`.* \|", readme, re.MULTILINE), name
