"""The tests' SQLite database: in memory, unless TEST_DATABASE_URL names a file."""

from sqlalchemy import create_engine, text


def prepare_test_database(url: str) -> None:
    """Open the test database and query it; SQLite makes a missing file itself."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    finally:
        engine.dispose()


def database_remedy() -> str:
    """What to do when the test database cannot be opened."""
    return "check the file TEST_DATABASE_URL names"
