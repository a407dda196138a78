"""The application factory."""
{%- set extensions = [
    "cors" if cookiecutter.use_cors else "",
    "db, jwt" if cookiecutter.use_jwt else "",
    "db" if cookiecutter.database != "none" and not cookiecutter.use_jwt else "",
    "redis_store" if cookiecutter.use_redis_sessions or cookiecutter.use_socketio else "",
    "socketio" if cookiecutter.use_socketio else "",
] | select | join(", ") %}

from flask import Flask

from . import commands, errors, health, logs, main, security, visits
{%- if cookiecutter.use_jwt %}
from .auth.admin import bp as admin_bp
from .auth.routes import bp as auth_bp
{%- endif %}
from .config import Config, load_config
{%- if cookiecutter.database != "none" %}
from .database import init_database
{%- endif %}
{%- if extensions %}
from .extensions import {{ extensions }}
{%- endif %}
{%- if cookiecutter.database != "none" %}
from .notes import bp as notes_bp
{%- endif %}
{%- if cookiecutter.use_socketio %}
from .realtime import socketio_options
{%- endif %}
{%- if cookiecutter.use_redis_sessions %}
from .sessions import RedisSessionStore
{%- endif %}


def create_app(config: Config | None = None) -> Flask:
    """Create the app from ``config``, or from the environment when it is None."""
    app = Flask(__name__)
    app.config.from_object(config or load_config())
{%- if extensions %}
    register_extensions(app)
{%- endif %}
    logs.init_app(app)
    security.init_app(app)
    errors.init_app(app)
{%- if cookiecutter.database != "none" %}
    init_database(app)
{%- endif %}
    register_blueprints(app)
    commands.init_app(app)
    return app
{%- if extensions %}


def register_extensions(app: Flask) -> None:
    """Bind the extension objects to the app."""
{%- if cookiecutter.use_cors %}
    cors.init_app(app)
{%- endif %}
{%- if cookiecutter.database != "none" %}
    db.init_app(app)
{%- endif %}
{%- if cookiecutter.use_jwt %}
    jwt.init_app(app)
{%- endif %}
{%- if cookiecutter.use_redis_sessions or cookiecutter.use_socketio %}
    redis_store.init_app(app)
{%- endif %}
{%- if cookiecutter.use_redis_sessions %}
    app.session_interface = RedisSessionStore(app, redis_store.client(app))
{%- endif %}
{%- if cookiecutter.use_socketio %}
    socketio.init_app(app, **socketio_options(app))
{%- endif %}
{%- endif %}


def register_blueprints(app: Flask) -> None:
    """Mount each feature's blueprint at its URL prefix."""
    app.register_blueprint(main.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(visits.bp, url_prefix="/api/session")
{%- if cookiecutter.database != "none" %}
    app.register_blueprint(notes_bp, url_prefix="/api/notes")
{%- endif %}
{%- if cookiecutter.use_jwt %}
    app.register_blueprint(auth_bp, url_prefix="/api/auth")
    app.register_blueprint(admin_bp, url_prefix="/api/admin")
{%- endif %}
