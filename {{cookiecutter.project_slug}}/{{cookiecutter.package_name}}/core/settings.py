"""Settings read from environment variables, one class per feature.

Each feature reads its own variables with ``FeatureSettings.read()``; bad
values stop the app with one sentence per variable, naming it.
"""

import secrets
from collections.abc import Mapping
from typing import Annotated, Any, Literal, Self

from flask import Flask
from pydantic import BeforeValidator, Field, ValidationError, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

MIN_SECRET_LENGTH = 32


class ConfigError(RuntimeError):
    """The environment does not describe a configuration the app can run with."""


def digits_only(value: object) -> object:
    """Refuse what pydantic would otherwise round or trim into a number."""
    if isinstance(value, str) and not (value.isascii() and value.isdigit()):
        raise ValueError(f"must be a whole number, not {value!r}")
    return value


def upper(value: object) -> object:
    """Compare names such as log levels without regard to case."""
    return value.upper() if isinstance(value, str) else value


WholeNumber = Annotated[int, BeforeValidator(digits_only), Field(ge=0)]
Positive = Annotated[int, BeforeValidator(digits_only), Field(ge=1)]
LogLevel = Annotated[
    Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"], BeforeValidator(upper)
]


def sentence(error: Mapping[str, Any]) -> str:
    """One sentence about a bad variable, from pydantic's account of it."""
    name = str(error["loc"][0]).upper() if error["loc"] else "The environment"
    context = error.get("ctx", {})
    value = error["input"]
    if error["type"] == "greater_than_equal":
        return f"{name} must be at least {context['ge']}, not {value}."
    if error["type"] == "less_than_equal":
        return f"{name} must be at most {context['le']}, not {value}."
    if error["type"] == "literal_error":
        choices = context["expected"].replace("'", "")
        return f"{name} must be {choices}, not {value!r}."
    if error["type"] == "value_error":
        return f"{name} {context['error']}."
    return f"{name} is not valid: {error['msg']}."


class Settings(BaseSettings):
    """What every feature's settings share: unset or blank means the default."""

    model_config = SettingsConfigDict(frozen=True, str_strip_whitespace=True)

    @model_validator(mode="before")
    @classmethod
    def drop_blank_values(cls, values: Any) -> Any:
        """Treat a variable set to spaces as unset, as shells often leave them."""
        if not isinstance(values, dict):
            return values
        return {
            name: value
            for name, value in values.items()
            if not (isinstance(value, str) and not value.strip())
        }

    @classmethod
    def read(cls) -> Self:
        """The settings the environment holds; ConfigError names each bad one."""
        try:
            return cls()
        except ValidationError as error:
            # One sentence per variable, though pydantic may find several faults.
            sentences: dict[object, str] = {}
            for fault in error.errors():
                sentences.setdefault(fault["loc"][:1], sentence(fault))
            raise ConfigError(" ".join(sentences.values())) from None


class CoreSettings(Settings):
    """What every app reads: the environment, its secret, logging, limits and
    whether /api/docs is served."""

    app_env: Literal["development", "production"] = "production"
    secret_key: str = ""
    log_level: LogLevel = "INFO"
    log_probes: bool = False
    max_content_length: WholeNumber = 16 * 1024 * 1024
    trusted_proxies: WholeNumber = 0
    api_docs: bool = True


class ServerSettings(Settings):
    """Gunicorn's settings, which its configuration files read."""

    gunicorn_bind: str = "127.0.0.1:8000"
    web_concurrency: Positive | None = None
    gunicorn_threads: Positive | None = None
    gunicorn_timeout: WholeNumber = 30
    gunicorn_graceful_timeout: WholeNumber = 30
    gunicorn_certfile: str | None = None
    gunicorn_keyfile: str | None = None
    gunicorn_control_socket: str | None = None
{%- if cookiecutter.use_socketio %}
    realtime_bind: str = "127.0.0.1:8001"
    realtime_connections: Positive = 10000
{%- endif %}
    log_level: LogLevel = "INFO"


def secret(app: Flask, name: str, value: str) -> str:
    """A secret setting: required in production, made up in development.

    Without .env a development server still starts; what it signs then
    stops being valid when it restarts.
    """
    if app.config["APP_ENV"] == "development":
        return value or secrets.token_hex(32)
    if len(value) < MIN_SECRET_LENGTH:
        raise ConfigError(
            f"{name} must be set to a random value of at least {MIN_SECRET_LENGTH} "
            "characters in production; generate one with "
            '`python -c "import secrets; print(secrets.token_hex(32))"`.'
        )
    return value
