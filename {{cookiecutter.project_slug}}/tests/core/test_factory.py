"""The application factory and the features it sets up."""

import pytest

from {{ cookiecutter.package_name }} import create_app
from {{ cookiecutter.package_name }}.core.settings import ConfigError
from {{ cookiecutter.package_name }}.features import FEATURES


def test_reads_its_settings_from_the_environment(make_app):
    """The variables set when the app is created decide its configuration."""
    app = make_app(MAX_CONTENT_LENGTH="1024", TRUSTED_PROXIES="2")
    assert app.testing
    assert app.config["MAX_CONTENT_LENGTH"] == 1024
    assert app.config["TRUSTED_PROXIES"] == 2


@pytest.mark.usefixtures("root_logger")
def test_serves_in_production_with_real_secrets(make_app, production_secrets):
    """Production mode: the secrets given, and cookies only over HTTPS."""
    app = make_app(APP_ENV="production", **production_secrets)
    assert app.config.items() >= production_secrets.items()
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_defaults_to_production(monkeypatch):
    """Without APP_ENV the app is configured for production, which needs a secret."""
    monkeypatch.delenv("APP_ENV")
    monkeypatch.delenv("SECRET_KEY")
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app()


def test_sets_up_every_feature(app):
    """The core's blueprints are mounted, and each feature has an init_app."""
    assert {"pages", "health", "visits"} <= set(app.blueprints)
    assert all(callable(feature.init_app) for feature in FEATURES)
