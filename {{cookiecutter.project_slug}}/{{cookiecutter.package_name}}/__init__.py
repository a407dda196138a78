"""The application factory."""

from flask import Flask

from . import commands, errors, health, logs, main, security, visits
from .config import Config, load_config
{%- if cookiecutter.database != "none" %}
from .database import init_database
from .extensions import db, migrate
from .notes import bp as notes_bp
{%- endif %}


def create_app(config: Config | None = None) -> Flask:
    """Create the app from ``config``, or from the environment when it is None."""
    app = Flask(__name__)
    app.config.from_object(config or load_config())
    logs.init_app(app)
    security.init_app(app)
    errors.init_app(app)
{%- if cookiecutter.database != "none" %}
    register_extensions(app)
    init_database(app)
{%- endif %}
    register_blueprints(app)
    commands.init_app(app)
    return app
{%- if cookiecutter.database != "none" %}


def register_extensions(app: Flask) -> None:
    """Bind the extension objects to this app."""
    db.init_app(app)
    migrate.init_app(app, db)
{%- endif %}


def register_blueprints(app: Flask) -> None:
    """Mount each feature's blueprint at its URL prefix."""
    app.register_blueprint(main.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(visits.bp, url_prefix="/api/session")
{%- if cookiecutter.database != "none" %}
    app.register_blueprint(notes_bp, url_prefix="/api/notes")
{%- endif %}
