"""The application factory."""

from flask import Flask

from . import commands, errors, health, logs, main, security, visits
from .config import Config, load_config


def create_app(config: Config | None = None) -> Flask:
    """Create the app from ``config``, or from the environment when it is None."""
    app = Flask(__name__)
    app.config.from_object(config or load_config())
    logs.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    register_blueprints(app)
    commands.init_app(app)
    return app


def register_blueprints(app: Flask) -> None:
    """Mount each feature's blueprint at its URL prefix."""
    app.register_blueprint(main.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(visits.bp, url_prefix="/api/session")
