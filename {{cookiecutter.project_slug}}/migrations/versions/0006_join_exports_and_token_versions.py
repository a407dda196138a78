"""Join the exports branch (0003, 0004) and the token versions (0005).

Nothing changes in the database: the branches touch different tables, and
this revision gives the project one head again.

Revision ID: 0006
Revises: 0004, 0005
Create Date: 2026-12-02
"""

revision = "0006"
down_revision = ("0004", "0005")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
