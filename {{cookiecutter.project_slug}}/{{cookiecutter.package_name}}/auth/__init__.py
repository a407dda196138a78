"""Accounts: registration, token sign-in, roles and the admin API."""

from datetime import timedelta

from flask import Flask

from ..core.settings import ConfigError, secret
from . import admin, routes
from .settings import AuthSettings
from .tokens import BEARER, BEARER_SCHEME, jwt


def init_app(app: Flask) -> None:
    """Read the account settings, bind flask-jwt-extended, mount the APIs."""
    settings = AuthSettings.read()
    key = secret(app, "JWT_SECRET_KEY", settings.jwt_secret_key)
    if key == app.config["SECRET_KEY"]:
        raise ConfigError(
            "JWT_SECRET_KEY must differ from SECRET_KEY, so that neither "
            "key can forge what the other signs."
        )
    app.config.update(
        JWT_SECRET_KEY=key,
        JWT_ACCESS_TOKEN_EXPIRES=timedelta(seconds=settings.jwt_access_token_expires),
        JWT_REFRESH_TOKEN_EXPIRES=timedelta(seconds=settings.jwt_refresh_token_expires),
        BCRYPT_LOG_ROUNDS=settings.bcrypt_log_rounds,
        LOGIN_RATE_LIMIT=settings.login_rate_limit,
        LOGIN_RATE_WINDOW=settings.login_rate_window,
        LOGIN_CLIENT_RATE_LIMIT=settings.login_client_rate_limit,
        LOGIN_CLIENT_RATE_WINDOW=settings.login_client_rate_window,
        REGISTER_RATE_LIMIT=settings.register_rate_limit,
        REGISTER_RATE_WINDOW=settings.register_rate_window,
        SECURITY_SCHEMES={BEARER: BEARER_SCHEME},
        AUTH_ERROR_DESCRIPTION=(
            "No valid token: missing, malformed, expired, revoked, or of the "
            "wrong kind."
        ),
    )
    jwt.init_app(app)
    app.register_blueprint(routes.bp, url_prefix="/api/auth")
    app.register_blueprint(admin.bp, url_prefix="/api/admin")
