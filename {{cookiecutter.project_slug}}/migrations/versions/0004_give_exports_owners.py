"""Give exports owners: each export belongs to the account that asked for it.

Exports and accounts come from separate revisions, 0003 and 0002, so that
either can be turned on after the other; this one joins them. Exports made
before accounts existed belonged to nobody: they are deleted, as copies
whose notes are still there to export again.

Revision ID: 0004
Revises: 0002, 0003
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = ("0002", "0003")
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("DELETE FROM exports")
    with op.batch_alter_table("exports") as batch_op:
        batch_op.add_column(sa.Column("owner_id", sa.Integer(), nullable=False))
        # The index first, or some databases make one of their own for the key.
        batch_op.create_index(batch_op.f("ix_exports_owner_id"), ["owner_id"])
        batch_op.create_foreign_key(
            batch_op.f("fk_exports_owner_id_users"),
            "users",
            ["owner_id"],
            ["id"],
            ondelete="CASCADE",
        )


def downgrade() -> None:
    with op.batch_alter_table("exports") as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_exports_owner_id_users"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_exports_owner_id"))
        batch_op.drop_column("owner_id")
