"""The tests' MySQL or MariaDB database, made on the server when it is missing."""

import os

from sqlalchemy import URL, create_engine, text

# Seconds to wait for the server, so a silent one cannot hang the run.
CONNECT_ARGS = {"connect_timeout": 3, "read_timeout": 3}
# Where the server listens when a URL names no port.
DEFAULT_PORT = 3306


def create_database(url: URL) -> None:
    """Create the database ``url`` names, from the one every user may open."""
    assert url.database, "the test database URL names no database"
    server = create_engine(
        url.set(database="information_schema"),
        isolation_level="AUTOCOMMIT",
        connect_args=CONNECT_ARGS,
    )
    name = server.dialect.identifier_preparer.quote(url.database)
    create = f"CREATE DATABASE IF NOT EXISTS {name} CHARACTER SET utf8mb4"
    try:
        with server.connect() as connection:
            connection.execute(text(create))
    finally:
        server.dispose()


def database_remedy() -> str:
    """What to do when the test database cannot be reached."""
    if os.environ.get("TEST_DATABASE_URL"):
        return "start the server TEST_DATABASE_URL names, or change TEST_DATABASE_URL"
    return (
        "start MySQL or MariaDB on 127.0.0.1:3306 (`sudo systemctl start mysql` "
        "on most Linux systems), or set TEST_DATABASE_URL"
    )
