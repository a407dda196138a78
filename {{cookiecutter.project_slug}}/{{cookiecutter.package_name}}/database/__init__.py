"""The database: settings, the readiness probe, outage answers and migrations."""

import logging

import click
from flask import Flask, current_app
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from werkzeug.exceptions import ServiceUnavailable
from werkzeug.wrappers import Response

from ..core.errors import handle_http_error
from ..core.health import add_readiness_check
from .models import db
from .settings import DatabaseSettings


def init_app(app: Flask) -> None:
    """Bind the database; add the /readyz probe, 503 answers and `flask db`."""
    settings = DatabaseSettings.read()
    app.config["SQLALCHEMY_DATABASE_URI"] = settings.database_url
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = settings.engine_options()
    db.init_app(app)
    add_readiness_check(app, "database", lambda: ping(app))
    app.cli.add_command(MigrationCommands(app))
    # Flask-SQLAlchemy ends each request's session at teardown, which rolls
    # back whatever the failed request left uncommitted.
    app.register_error_handler(OperationalError, database_unavailable)
    app.register_error_handler(PoolTimeoutError, database_unavailable)
    with app.app_context():
        settings.prepare(db.engine)


class MigrationCommands(click.Group):
    """Flask-Migrate's `flask db` commands, loaded only when one of them runs.

    Flask-Migrate imports Alembic, about 8 MB and 0.2 s per process, which
    the workers serving requests never use.
    """

    def __init__(self, app: Flask) -> None:
        super().__init__("db", help="Perform database migrations.")
        self.app = app

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: object,
    ) -> click.Context:
        # Alembic logs each plugin it sets up at import, at INFO.
        logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
        from flask_migrate import Migrate
        from flask_migrate.cli import db as commands

        if "migrate" not in self.app.extensions:
            Migrate(self.app, db)
        context: click.Context = commands.make_context(info_name, args, parent, **extra)
        return context


def ping(app: Flask) -> None:
    """Run a trivial query; raises while the database cannot answer."""
    with app.app_context(), db.engine.connect() as connection:
        connection.execute(text("SELECT 1"))


def database_unavailable(error: Exception) -> Response:
    """Answer 503 when the database is down or every connection is busy."""
    current_app.logger.error("database unavailable: %s", error)
    return handle_http_error(
        ServiceUnavailable("The database is unavailable; try again shortly.")
    )
