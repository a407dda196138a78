"""Text columns whose equality and uniqueness are exact: case, accents and
every character count, as the database compares them by default here."""

from sqlalchemy import String


def exact_string(length: int) -> String:
    """A VARCHAR of ``length`` characters, compared exactly."""
    return String(length)


def make_exact(table: str, column: str, length: int) -> None:
    """Make an existing column compare exactly: it already does here."""
