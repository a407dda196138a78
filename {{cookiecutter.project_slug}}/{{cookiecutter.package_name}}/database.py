"""The database's place in the app: readiness probe, outage answers, migrations."""

import logging

import click
from flask import Flask, Response, current_app
from sqlalchemy import text
{%- if cookiecutter.database == "sqlite" %}
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.event import listen
{%- endif %}
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from werkzeug.exceptions import ServiceUnavailable

from .errors import handle_http_error
from .extensions import db
from .health import add_readiness_check


def init_database(app: Flask) -> None:
    """Add the /readyz probe, 503 answers during outages and `flask db`."""
    add_readiness_check(app, "database", ping)
    app.cli.add_command(MigrationCommands(app))
    # Flask-SQLAlchemy ends each request's session at teardown, which rolls
    # back whatever the failed request left uncommitted.
    app.register_error_handler(OperationalError, database_unavailable)
    app.register_error_handler(PoolTimeoutError, database_unavailable)
{%- if cookiecutter.database == "sqlite" %}
    with app.app_context():
        listen(db.engine, "connect", enforce_foreign_keys)
{%- endif %}


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
        return commands.make_context(info_name, args, parent, **extra)


def ping() -> None:
    """Run a trivial query; raises while the database cannot answer."""
    with db.engine.connect() as connection:
        connection.execute(text("SELECT 1"))


def database_unavailable(error: Exception) -> Response:
    """Answer 503 when the database is down or every connection is busy."""
    current_app.logger.error("database unavailable: %s", error)
    return handle_http_error(
        ServiceUnavailable("The database is unavailable; try again shortly.")
    )
{%- if cookiecutter.database == "sqlite" %}


def enforce_foreign_keys(connection: DBAPIConnection, record: object) -> None:
    """Turn on foreign keys, which SQLite leaves off for each new connection."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()
{%- endif %}
