"""The tests' PostgreSQL database, made on the server when it is missing."""

import os

from sqlalchemy import URL, create_engine, text

# Seconds to wait for the server, so a silent one cannot hang the run.
CONNECT_ARGS = {"connect_timeout": 3}
# Where the server listens when a URL names no port.
DEFAULT_PORT = 5432


def create_database(url: URL) -> None:
    """Create the database ``url`` names, from the one every server has."""
    assert url.database, "the test database URL names no database"
    server = create_engine(
        url.set(database="postgres"),
        isolation_level="AUTOCOMMIT",
        connect_args=CONNECT_ARGS,
    )
    name = server.dialect.identifier_preparer.quote(url.database)
    exists = text("SELECT 1 FROM pg_database WHERE datname = :name")
    try:
        with server.connect() as connection:
            if not connection.scalar(exists, {"name": url.database}):
                connection.execute(text(f"CREATE DATABASE {name}"))
    finally:
        server.dispose()


def database_remedy() -> str:
    """What to do when the test database cannot be reached."""
    if os.environ.get("TEST_DATABASE_URL"):
        return "start the server TEST_DATABASE_URL names, or change TEST_DATABASE_URL"
    return (
        "start PostgreSQL on 127.0.0.1:5432 (`sudo systemctl start postgresql` "
        "on most Linux systems), or set TEST_DATABASE_URL"
    )
