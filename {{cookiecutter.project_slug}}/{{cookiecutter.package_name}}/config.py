"""Configuration classes, read from environment variables when the app is created."""

import os
{%- if cookiecutter.use_cors or cookiecutter.use_socketio %}
import re
{%- endif %}
import secrets
from collections.abc import Mapping
{%- if cookiecutter.use_jwt %}
from datetime import timedelta
{%- endif %}

MIN_SECRET_LENGTH = 32
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
{%- if cookiecutter.database == "sqlite" %}
# A relative SQLite path is a file in the app's instance folder.
DEFAULT_DATABASE_URL = "sqlite:///{{ cookiecutter.package_name }}.sqlite3"
TESTING_DATABASE_URL = "sqlite://"
{%- elif cookiecutter.database == "postgresql" %}
DATABASE_NAME = "{{ cookiecutter.package_name }}"
DEFAULT_DATABASE_URL = f"postgresql+psycopg://postgres@127.0.0.1/{DATABASE_NAME}"
TESTING_DATABASE_URL = f"{DEFAULT_DATABASE_URL}_test"
{%- elif cookiecutter.database == "mysql" %}
DATABASE_NAME = "{{ cookiecutter.package_name }}"
# utf8mb4 is MySQL's name for all of UTF-8; its "utf8" stops at three bytes.
DEFAULT_DATABASE_URL = f"mysql+pymysql://root@127.0.0.1/{DATABASE_NAME}?charset=utf8mb4"
TESTING_DATABASE_URL = DEFAULT_DATABASE_URL.replace("?", "_test?")
{%- endif %}
{%- if cookiecutter.use_cors or cookiecutter.use_socketio %}
# A browser origin: scheme, host and optional port, nothing after. Flask-CORS
# would take anything with wildcard or regex characters for a pattern.
ORIGIN = re.compile(r"https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?")
# Vite's development server, the usual local front end.
DEVELOPMENT_FRONT_END = "http://localhost:5173"
{%- endif %}
{%- if cookiecutter.use_redis_sessions %}
LOCAL_REDIS = "redis://127.0.0.1:6379/0"
{%- endif %}


class ConfigError(RuntimeError):
    """The environment does not describe a configuration the app can run with."""


def setting(environ: Mapping[str, str], name: str, default: str) -> str:
    """Read a variable; unset or blank means the default."""
    return environ.get(name, "").strip() or default


def whole_number(
    environ: Mapping[str, str], name: str, default: int, minimum: int = 0
) -> int:
    """Read a variable holding a whole number of ``minimum`` or more."""
    value = setting(environ, name, str(default))
    if not (value.isascii() and value.isdigit()):
        raise ConfigError(f"{name} must be a whole number, not {value!r}.")
    if int(value) < minimum:
        raise ConfigError(f"{name} must be at least {minimum}, not {value}.")
    return int(value)


def log_level(environ: Mapping[str, str]) -> str:
    """Read LOG_LEVEL as a level name that both logging and gunicorn know."""
    level = setting(environ, "LOG_LEVEL", "INFO").upper()
    if level not in LOG_LEVELS:
        raise ConfigError(
            f"LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}, not {level!r}."
        )
    return level
{%- if cookiecutter.use_cors or cookiecutter.use_socketio %}


def cors_origins(environ: Mapping[str, str]) -> list[str]:
    """Read CORS_ORIGINS: the comma-separated origins of trusted front ends."""
    origins = [o.strip() for o in setting(environ, "CORS_ORIGINS", "").split(",")]
    for origin in filter(None, origins):
        if origin == "*":
            raise ConfigError(
                "CORS_ORIGINS must not be '*': the API accepts credentials, "
                "so list each front end's origin instead."
            )
        if not ORIGIN.fullmatch(origin):
            raise ConfigError(
                "CORS_ORIGINS must hold origins such as https://app.example.com, "
                f"not {origin!r}."
            )
    return list(filter(None, origins))
{%- endif %}
{%- if cookiecutter.use_redis_sessions or cookiecutter.use_socketio %}


def redis_url(environ: Mapping[str, str], default: str) -> str:
    """Read REDIS_URL, a redis:// or rediss:// (TLS) URL."""
    url = setting(environ, "REDIS_URL", default)
    if url and not url.startswith(("redis://", "rediss://")):
        raise ConfigError(
            f"REDIS_URL must start with redis:// or rediss://, not {url!r}."
        )
    return url
{%- endif %}


{%- if cookiecutter.database not in ("none", "sqlite") %}


def engine_options(environ: Mapping[str, str]) -> dict[str, object]:
    """Connection pool settings; every wait is bounded so nothing hangs."""
    return {
        # Replace connections the server closed while they sat in the pool.
        "pool_pre_ping": True,
        "pool_recycle": whole_number(environ, "DATABASE_POOL_RECYCLE", 1800),
        "pool_size": whole_number(environ, "DATABASE_POOL_SIZE", 5),
        "max_overflow": whole_number(environ, "DATABASE_MAX_OVERFLOW", 10),
        "pool_timeout": whole_number(environ, "DATABASE_POOL_TIMEOUT", 10),
        "connect_args": {
            "connect_timeout": whole_number(environ, "DATABASE_CONNECT_TIMEOUT", 3),
{%- if cookiecutter.database == "mysql" %}
            # PyMySQL's connect timeout ends once TCP connects: without these, a
            # server that accepts connections but never answers hangs requests.
            "read_timeout": whole_number(environ, "DATABASE_READ_TIMEOUT", 30),
            "write_timeout": whole_number(environ, "DATABASE_READ_TIMEOUT", 30),
{%- endif %}
        },
{%- if cookiecutter.database == "mysql" %}
        # InnoDB's default, REPEATABLE READ, also locks the gaps between rows,
        # so concurrent deletes and inserts deadlock.
        "isolation_level": "READ COMMITTED",
{%- endif %}
    }
{%- endif %}


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
{%- if cookiecutter.use_cors %}
    # Flask-CORS: front ends on CORS_ORIGINS may call the API with credentials.
    CORS_RESOURCES = r"/api/.*"
    CORS_ALLOW_HEADERS = ("Authorization", "Content-Type")
    CORS_EXPOSE_HEADERS = ("X-Request-ID",)
    CORS_SUPPORTS_CREDENTIALS = True
    CORS_MAX_AGE = 600
    CORS_ALWAYS_SEND = False
{%- endif %}

    def __init__(self, environ: Mapping[str, str] = os.environ) -> None:
        self.SECRET_KEY = setting(environ, "SECRET_KEY", "")
        self.LOG_LEVEL = log_level(environ)
        self.MAX_CONTENT_LENGTH = whole_number(
            environ, "MAX_CONTENT_LENGTH", 16 * 1024 * 1024
        )
        self.TRUSTED_PROXIES = whole_number(environ, "TRUSTED_PROXIES", 0)
{%- if cookiecutter.database != "none" %}
        self.SQLALCHEMY_DATABASE_URI = setting(
            environ, "DATABASE_URL", DEFAULT_DATABASE_URL
        )
{%- endif %}
{%- if cookiecutter.database in ("postgresql", "mysql") %}
        self.SQLALCHEMY_ENGINE_OPTIONS = engine_options(environ)
{%- endif %}
{%- if cookiecutter.use_cors or cookiecutter.use_socketio %}
        self.CORS_ORIGINS = cors_origins(environ)
{%- endif %}
{%- if cookiecutter.use_redis_sessions %}
        self.REDIS_URL = redis_url(environ, LOCAL_REDIS)
{%- elif cookiecutter.use_socketio %}
        self.REDIS_URL = redis_url(environ, "")
{%- endif %}
{%- if cookiecutter.use_redis_sessions or cookiecutter.use_socketio %}
        self.REDIS_KEY_PREFIX = setting(environ, "REDIS_KEY_PREFIX", f"{__package__}:")
{%- endif %}
{%- if cookiecutter.use_redis_sessions %}
        self.PERMANENT_SESSION_LIFETIME = whole_number(
            environ, "SESSION_LIFETIME", 24 * 60 * 60, minimum=1
        )
{%- endif %}
{%- if cookiecutter.use_jwt %}
        self.JWT_SECRET_KEY = setting(environ, "JWT_SECRET_KEY", "")
        self.JWT_ACCESS_TOKEN_EXPIRES = timedelta(
            seconds=whole_number(environ, "JWT_ACCESS_TOKEN_EXPIRES", 15 * 60, 1)
        )
        self.JWT_REFRESH_TOKEN_EXPIRES = timedelta(
            seconds=whole_number(
                environ, "JWT_REFRESH_TOKEN_EXPIRES", 30 * 24 * 60 * 60, 1
            )
        )
        # Each step up doubles the time a password hash takes; bcrypt allows 4-31.
        self.BCRYPT_LOG_ROUNDS = whole_number(environ, "BCRYPT_LOG_ROUNDS", 12, 4)
        if self.BCRYPT_LOG_ROUNDS > 31:
            raise ConfigError("BCRYPT_LOG_ROUNDS must be at most 31.")
        self.LOGIN_RATE_LIMIT = whole_number(environ, "LOGIN_RATE_LIMIT", 5, 1)
        self.LOGIN_RATE_WINDOW = whole_number(environ, "LOGIN_RATE_WINDOW", 60, 1)
{%- endif %}


class DevelopmentConfig(Config):
    """Local development, where .env normally provides the secret."""

    def __init__(self, environ: Mapping[str, str] = os.environ) -> None:
        super().__init__(environ)
        # Without .env the app still starts; sessions then end when it restarts.
        self.SECRET_KEY = self.SECRET_KEY or secrets.token_hex(32)
{%- if cookiecutter.use_jwt %}
        self.JWT_SECRET_KEY = self.JWT_SECRET_KEY or secrets.token_hex(32)
{%- endif %}
{%- if cookiecutter.use_cors or cookiecutter.use_socketio %}
        self.CORS_ORIGINS = self.CORS_ORIGINS or [DEVELOPMENT_FRONT_END]
{%- endif %}


class ProductionConfig(Config):
    """Production: real secrets required, cookies sent only over HTTPS."""

    SESSION_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"

    def __init__(self, environ: Mapping[str, str] = os.environ) -> None:
        super().__init__(environ)
        require_secret("SECRET_KEY", self.SECRET_KEY)
{%- if cookiecutter.use_jwt %}
        require_secret("JWT_SECRET_KEY", self.JWT_SECRET_KEY)
        if self.JWT_SECRET_KEY == self.SECRET_KEY:
            raise ConfigError(
                "JWT_SECRET_KEY must differ from SECRET_KEY, so that neither "
                "key can forge what the other signs."
            )
{%- endif %}


class TestingConfig(Config):
    """The test suite: defaults plus what a test passes, never the real environment."""

    TESTING = True

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
{%- if cookiecutter.use_jwt %}
        # bcrypt's lowest cost: the tests hash many passwords.
        super().__init__({"BCRYPT_LOG_ROUNDS": "4", **(environ or {})})
{%- else %}
        super().__init__(environ or {})
{%- endif %}
        self.SECRET_KEY = self.SECRET_KEY or "testing-only-secret-key"
{%- if cookiecutter.use_jwt %}
        self.JWT_SECRET_KEY = self.JWT_SECRET_KEY or "testing-only-jwt-secret-32-bytes!"
{%- endif %}
{%- if cookiecutter.database != "none" %}
        self.SQLALCHEMY_DATABASE_URI = setting(
            environ or {}, "DATABASE_URL", TESTING_DATABASE_URL
        )
{%- endif %}


ENVIRONMENTS = {"development": DevelopmentConfig, "production": ProductionConfig}


def load_config(environ: Mapping[str, str] = os.environ) -> Config:
    """Build the configuration APP_ENV names; production when it is unset."""
    name = setting(environ, "APP_ENV", "production")
    if name not in ENVIRONMENTS:
        choices = " or ".join(ENVIRONMENTS)
        raise ConfigError(f"APP_ENV must be {choices}, not {name!r}.")
    return ENVIRONMENTS[name](environ)
