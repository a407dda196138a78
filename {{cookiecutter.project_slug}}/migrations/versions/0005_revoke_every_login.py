"""Let an account's every login be revoked, and attempts be limited per client.

Users get a token version, which tokens carry: raising it (a new password,
a deactivation) refuses every token issued before. Login attempts get the
moment they leave their limit's window, now that limits have windows of
different lengths; the attempts counted so far are forgotten. E-mail
addresses and note titles compare exactly, case and accents included, where
the database's default collation would not (they stay so on a downgrade).

Revision ID: 0005
Revises: 0002
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

from {{ cookiecutter.package_name }}.database.exact import make_exact

revision = "0005"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # In place, not in batch mode: a copy of the users table would replace the
    # old one, and dropping that would delete the notes of its users.
    op.add_column(
        "users",
        sa.Column(
            "token_version", sa.Integer(), nullable=False, server_default=sa.text("0")
        ),
    )
    # Databases made by earlier revisions: addresses and titles compare exactly
    # from now on (a no-op where the database's default already does).
    make_exact("users", "email", 320)
    make_exact("notes", "title", 200)
    op.execute("DELETE FROM login_attempts")
    with op.batch_alter_table("login_attempts") as batch_op:
        batch_op.add_column(sa.Column("forget_at", sa.DateTime(), nullable=False))
        batch_op.create_index(batch_op.f("ix_login_attempts_forget_at"), ["forget_at"])


def downgrade() -> None:
    with op.batch_alter_table("login_attempts") as batch_op:
        batch_op.drop_index(batch_op.f("ix_login_attempts_forget_at"))
        batch_op.drop_column("forget_at")
    op.drop_column("users", "token_version")
