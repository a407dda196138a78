"""Text columns whose equality and uniqueness are exact: case, accents and
every character count, as other databases compare them.

MySQL's and MariaDB's default collations ignore case and accents, and some
treat different emoji as equal, so "rené" and "rene" would be one address
and "😀" and "😁" one title. utf8mb4_bin compares the characters themselves.
"""

from alembic import op
from sqlalchemy import String

COLLATION = "utf8mb4_bin"


def exact_string(length: int) -> String:
    """A VARCHAR of ``length`` characters, compared exactly."""
    return String(length, collation=COLLATION)


def make_exact(table: str, column: str, length: int) -> None:
    """Make an existing NOT NULL column compare exactly, keeping its indexes."""
    op.alter_column(
        table,
        column,
        existing_type=String(length),
        type_=exact_string(length),
        existing_nullable=False,
    )
