"""The application factory."""

import pytest

from {{ cookiecutter.package_name }} import config, create_app


def test_uses_the_config_it_is_given():
    """A config passed in is used as it is."""
    app = create_app(config.TestingConfig({"MAX_CONTENT_LENGTH": "1024"}))
    assert app.testing
    assert app.config["MAX_CONTENT_LENGTH"] == 1024


@pytest.mark.usefixtures("root_logger")
def test_reads_the_environment_without_a_config(monkeypatch, production_secrets):
    """With no config, APP_ENV and the other variables decide."""
    for name, value in {"APP_ENV": "production", **production_secrets}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("TRUSTED_PROXIES", "2")
    app = create_app()
    assert not app.testing
    assert app.config.items() >= production_secrets.items()
    assert app.config["TRUSTED_PROXIES"] == 2
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_defaults_to_production(monkeypatch):
    """Without APP_ENV the app is configured for production, which needs a secret."""
    monkeypatch.delenv("APP_ENV", raising=False)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(config.ConfigError, match="SECRET_KEY"):
        create_app()


def test_registers_every_blueprint(app):
    """Each feature's blueprint is mounted."""
    assert {"main", "health", "visits"} <= set(app.blueprints)
