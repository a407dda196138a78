"""Where the SQLite database file is."""

from sqlalchemy import Engine
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.event import listen

from ..core.settings import Settings

# A relative SQLite path is a file in the app's instance folder.
DEFAULT_DATABASE_URL = "sqlite:///{{ cookiecutter.package_name }}.sqlite3"
TEST_DATABASE_URL = "sqlite://"


class DatabaseSettings(Settings):
    """DATABASE_URL: a SQLite file, or any database SQLAlchemy can reach."""

    database_url: str = DEFAULT_DATABASE_URL

    def engine_options(self) -> dict[str, object]:
        """SQLAlchemy's defaults suit a file: no pool settings to read."""
        return {}

    def prepare(self, engine: Engine) -> None:
        """Have every new connection enforce foreign keys."""
        listen(engine, "connect", enforce_foreign_keys)


def enforce_foreign_keys(connection: DBAPIConnection, record: object) -> None:
    """Turn on foreign keys, which SQLite leaves off for each new connection."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()
