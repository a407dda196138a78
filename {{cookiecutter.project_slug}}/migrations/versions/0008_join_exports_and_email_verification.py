"""Join the exports branch (0003, 0004, 0006) and e-mail verification (0007).

Nothing changes in the database: this revision gives the project one head.

Revision ID: 0008
Revises: 0006, 0007
Create Date: 2026-12-02
"""

revision = "0008"
down_revision = ("0006", "0007")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
