"""The tests' SQLite database: in memory, unless TEST_DATABASE_URL names a file."""

from sqlalchemy import URL

CONNECT_ARGS: dict[str, int] = {}


def create_database(url: URL) -> None:
    """Nothing to do: SQLite makes a missing file itself when it can."""


def database_remedy() -> str:
    """What to do when the test database cannot be opened."""
    return "check the file TEST_DATABASE_URL names"
