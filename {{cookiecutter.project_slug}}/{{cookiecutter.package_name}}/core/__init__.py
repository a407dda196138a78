"""What every app has: settings, logging, security, errors, the API's
conventions and document, probes and pages."""

from typing import Protocol

from apiflask import APIFlask
from flask import Flask

from . import bodies, commands, errors, health, logs, openapi, pages, visits
from .cookies import SignedCookieSessions
from .middleware import RequestMiddleware
from .settings import CoreSettings, secret


class Feature(Protocol):
    """A package or module that adds one feature to the app."""

    def init_app(self, app: Flask) -> None:
        """Add the feature's settings, routes, commands and checks to ``app``."""


def init_app(app: APIFlask) -> None:
    """Read the core settings and set up what every request goes through."""
    settings = CoreSettings.read()
    app.config.update(
        APP_ENV=settings.app_env,
        LOG_LEVEL=settings.log_level,
        MAX_CONTENT_LENGTH=settings.max_content_length,
        TRUSTED_PROXIES=settings.trusted_proxies,
        API_DOCS=settings.api_docs,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
    )
    app.config["SECRET_KEY"] = secret(app, "SECRET_KEY", settings.secret_key)
    if settings.app_env == "production":
        app.config.update(SESSION_COOKIE_SECURE=True, PREFERRED_URL_SCHEME="https")
    app.session_interface = SignedCookieSessions()
    logs.init_app(app)
    app.wsgi_app = RequestMiddleware(  # type: ignore[method-assign]
        app.wsgi_app, log_probes=settings.log_probes
    )
    errors.init_app(app)
    bodies.init_app(app)
    openapi.init_app(app)
    app.register_blueprint(pages.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(visits.bp, url_prefix="/api/session")
    commands.init_app(app)
