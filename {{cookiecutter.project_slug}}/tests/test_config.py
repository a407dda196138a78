"""Configuration read from environment variables."""

import pytest

from {{ cookiecutter.package_name }} import config
from {{ cookiecutter.package_name }}.config import (
    ConfigError,
    DevelopmentConfig,
    ProductionConfig,
    load_config,
)


def test_production_refuses_a_missing_secret_key():
    """Production will not start without SECRET_KEY, and says why."""
    with pytest.raises(ConfigError, match="SECRET_KEY must be set"):
        ProductionConfig({})


def test_production_refuses_a_short_secret_key():
    """A guessable, short SECRET_KEY is refused as if it were missing."""
    with pytest.raises(ConfigError, match="at least 32 characters"):
        ProductionConfig({"SECRET_KEY": "change-me"})


def test_production_accepts_a_real_secret_and_secures_cookies(production_secrets):
    """With a real secret, production sends cookies over HTTPS only."""
    settings = ProductionConfig(production_secrets)
    assert vars(settings).items() >= production_secrets.items()
    assert settings.SESSION_COOKIE_SECURE is True
    assert settings.SESSION_COOKIE_HTTPONLY is True
    assert settings.SESSION_COOKIE_SAMESITE == "Lax"


def test_development_makes_up_a_secret_when_none_is_set():
    """Development starts without .env, with a random per-process secret."""
    first, second = DevelopmentConfig({}), DevelopmentConfig({})
    assert len(first.SECRET_KEY) >= 32
    assert first.SECRET_KEY != second.SECRET_KEY


def test_testing_ignores_the_real_environment(monkeypatch):
    """Tests see the defaults, whatever the shell or .env exports."""
    monkeypatch.setenv("TRUSTED_PROXIES", "3")
    monkeypatch.setenv("SECRET_KEY", "from-the-shell")
    settings = config.TestingConfig()
    assert settings.TRUSTED_PROXIES == 0
    assert settings.SECRET_KEY != "from-the-shell"


def test_blank_values_mean_the_default():
    """A variable set to nothing, as in a copied .env.example, keeps its default."""
    settings = config.TestingConfig({"LOG_LEVEL": "", "MAX_CONTENT_LENGTH": " "})
    assert settings.LOG_LEVEL == "INFO"
    assert settings.MAX_CONTENT_LENGTH == 16 * 1024 * 1024


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("TRUSTED_PROXIES", "one", "TRUSTED_PROXIES must be a whole number"),
        ("TRUSTED_PROXIES", "-1", "TRUSTED_PROXIES must be a whole number"),
        ("MAX_CONTENT_LENGTH", "16MB", "MAX_CONTENT_LENGTH must be a whole number"),
        ("LOG_LEVEL", "LOUD", "LOG_LEVEL must be one of DEBUG, INFO"),
        ("LOG_LEVEL", "NOTSET", "LOG_LEVEL must be one of DEBUG, INFO"),
        ("TRUSTED_PROXIES", "²", "TRUSTED_PROXIES must be a whole number"),
    ],
)
def test_bad_values_are_refused_by_name(name, value, message):
    """A malformed variable stops the app with a message naming it."""
    with pytest.raises(ConfigError, match=message):
        config.TestingConfig({name: value})


def test_load_config_picks_the_class_app_env_names(production_secrets):
    """APP_ENV chooses the configuration class."""
    development = load_config({"APP_ENV": "development"})
    production = load_config({"APP_ENV": "production", **production_secrets})
    assert type(development) is DevelopmentConfig
    assert type(production) is ProductionConfig


def test_load_config_refuses_an_unknown_app_env():
    """A typo in APP_ENV is an error, not a silent fallback."""
    with pytest.raises(ConfigError, match="APP_ENV must be development or production"):
        load_config({"APP_ENV": "prod"})
