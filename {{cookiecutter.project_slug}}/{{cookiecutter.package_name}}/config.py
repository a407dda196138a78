"""Configuration classes, read from environment variables when the app is created."""

import os
import secrets
from collections.abc import Mapping

MIN_SECRET_LENGTH = 32
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class ConfigError(RuntimeError):
    """The environment does not describe a configuration the app can run with."""


def setting(environ: Mapping[str, str], name: str, default: str) -> str:
    """Read a variable; unset or blank means the default."""
    return environ.get(name, "").strip() or default


def whole_number(environ: Mapping[str, str], name: str, default: int) -> int:
    """Read a variable holding a whole number of zero or more."""
    value = setting(environ, name, str(default))
    if not (value.isascii() and value.isdigit()):
        raise ConfigError(f"{name} must be a whole number, not {value!r}.")
    return int(value)


def log_level(environ: Mapping[str, str]) -> str:
    """Read LOG_LEVEL as a level name that both logging and gunicorn know."""
    level = setting(environ, "LOG_LEVEL", "INFO").upper()
    if level not in LOG_LEVELS:
        raise ConfigError(
            f"LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}, not {level!r}."
        )
    return level


def require_secret(name: str, value: str) -> None:
    """Refuse to run in production with a missing or short secret."""
    if len(value) < MIN_SECRET_LENGTH:
        raise ConfigError(
            f"{name} must be set to a random value of at least {MIN_SECRET_LENGTH} "
            "characters in production; generate one with "
            '`python -c "import secrets; print(secrets.token_hex(32))"`.'
        )


class Config:
    """Settings every environment shares."""

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"

    def __init__(self, environ: Mapping[str, str] = os.environ) -> None:
        self.SECRET_KEY = setting(environ, "SECRET_KEY", "")
        self.LOG_LEVEL = log_level(environ)
        self.MAX_CONTENT_LENGTH = whole_number(
            environ, "MAX_CONTENT_LENGTH", 16 * 1024 * 1024
        )
        self.TRUSTED_PROXIES = whole_number(environ, "TRUSTED_PROXIES", 0)


class DevelopmentConfig(Config):
    """Local development, where .env normally provides the secret."""

    def __init__(self, environ: Mapping[str, str] = os.environ) -> None:
        super().__init__(environ)
        # Without .env the app still starts; sessions then end when it restarts.
        self.SECRET_KEY = self.SECRET_KEY or secrets.token_hex(32)


class ProductionConfig(Config):
    """Production: real secrets required, cookies sent only over HTTPS."""

    SESSION_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"

    def __init__(self, environ: Mapping[str, str] = os.environ) -> None:
        super().__init__(environ)
        require_secret("SECRET_KEY", self.SECRET_KEY)


class TestingConfig(Config):
    """The test suite: defaults plus what a test passes, never the real environment."""

    TESTING = True

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        super().__init__(environ or {})
        self.SECRET_KEY = self.SECRET_KEY or "testing-only-secret-key"


ENVIRONMENTS = {"development": DevelopmentConfig, "production": ProductionConfig}


def load_config(environ: Mapping[str, str] = os.environ) -> Config:
    """Build the configuration APP_ENV names; production when it is unset."""
    name = setting(environ, "APP_ENV", "production")
    if name not in ENVIRONMENTS:
        choices = " or ".join(ENVIRONMENTS)
        raise ConfigError(f"APP_ENV must be {choices}, not {name!r}.")
    return ENVIRONMENTS[name](environ)
