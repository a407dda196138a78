"""Add note owners, revoked logins and failed login attempts.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Checked first: not every database can roll back the schema changes below.
    if op.get_bind().execute(sa.text("SELECT 1 FROM notes LIMIT 1")).first():
        raise RuntimeError(
            "Revision 0002 gives every note an owner, but notes exist: edit it "
            "to assign them to an account first."
        )
    op.create_table(
        "revoked_logins",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_revoked_logins")),
    )
    op.create_index(
        op.f("ix_revoked_logins_expires_at"), "revoked_logins", ["expires_at"]
    )
    op.create_table(
        "login_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("attempted_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_attempts")),
    )
    op.create_index(op.f("ix_login_attempts_key"), "login_attempts", ["key"])
    op.create_index(
        op.f("ix_login_attempts_attempted_at"), "login_attempts", ["attempted_at"]
    )
    with op.batch_alter_table("notes") as batch_op:
        batch_op.add_column(sa.Column("owner_id", sa.Integer(), nullable=False))
        batch_op.create_unique_constraint(
            batch_op.f("uq_notes_owner_id_title"), ["owner_id", "title"]
        )
        batch_op.drop_constraint(batch_op.f("uq_notes_title"), type_="unique")
        batch_op.create_foreign_key(
            batch_op.f("fk_notes_owner_id_users"),
            "users",
            ["owner_id"],
            ["id"],
            ondelete="CASCADE",
        )


def downgrade() -> None:
    shared_titles = sa.text(
        "SELECT title FROM notes GROUP BY title HAVING COUNT(*) > 1 LIMIT 1"
    )
    if op.get_bind().execute(shared_titles).first():
        raise RuntimeError(
            "Titles were unique per owner: rename the notes whose titles several "
            "owners share before downgrading."
        )
    with op.batch_alter_table("notes") as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_notes_owner_id_users"), type_="foreignkey"
        )
        batch_op.create_unique_constraint(batch_op.f("uq_notes_title"), ["title"])
        batch_op.drop_constraint(batch_op.f("uq_notes_owner_id_title"), type_="unique")
        batch_op.drop_column("owner_id")
    op.drop_table("login_attempts")
    op.drop_table("revoked_logins")
