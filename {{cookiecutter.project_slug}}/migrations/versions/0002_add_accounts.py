"""Add accounts: users, revoked logins, failed login attempts and note owners.

Notes written before accounts existed are given to one inactive account,
unclaimed-notes@example.invalid, which cannot sign in; an admin can hand
them to someone with `UPDATE notes SET owner_id = ...`.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from {{ cookiecutter.package_name }}.database.exact import exact_string

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

UNCLAIMED_NOTES_OWNER = "unclaimed-notes@example.invalid"


def upgrade() -> None:
    users = create_users_table()
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
        batch_op.add_column(sa.Column("owner_id", sa.Integer(), nullable=True))
    give_notes_an_owner(users)
    with op.batch_alter_table("notes") as batch_op:
        batch_op.alter_column("owner_id", existing_type=sa.Integer(), nullable=False)
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


def create_users_table() -> sa.Table:
    """The users table, made here unless an older template's 0001 made it."""
    bind = op.get_bind()
    if sa.inspect(bind).has_table("users"):
        return sa.Table("users", sa.MetaData(), autoload_with=bind)
    return op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", exact_string(320), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("email", name=op.f("uq_users_email")),
    )


def give_notes_an_owner(users: sa.Table) -> None:
    """Give the notes that exist to an inactive account of their own."""
    bind = op.get_bind()
    if not bind.execute(sa.text("SELECT 1 FROM notes LIMIT 1")).first():
        return
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    # "!" is no bcrypt hash, so no password matches it.
    unclaimed = {
        "email": UNCLAIMED_NOTES_OWNER,
        "password_hash": "!",
        "role": "user",
        "is_active": False,
        "created_at": now,
        "updated_at": now,
    }
    op.bulk_insert(users, [unclaimed])
    owner = bind.execute(
        sa.select(users.c.id).where(users.c.email == UNCLAIMED_NOTES_OWNER)
    ).scalar_one()
    bind.execute(sa.text("UPDATE notes SET owner_id = :owner"), {"owner": owner})


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
    op.drop_table("users")
