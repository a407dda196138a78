"""Alembic's entry point: runs migrations against the app's database."""

from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from flask import current_app
from sqlalchemy import TypeDecorator

db = current_app.extensions["migrate"].db
config = context.config


def skip_empty_revisions(
    migration_context: object, revision: object, directives: list[Any]
) -> None:
    """Write no revision file when autogenerate finds no change."""
    if getattr(config.cmd_opts, "autogenerate", False):
        script = directives[0]
        if script.upgrade_ops.is_empty():
            directives[:] = []
            print("No changes in the models; no revision written.")


def render_item(
    type_: str, obj: object, autogen_context: AutogenContext
) -> str | Literal[False]:
    """Write the models' UTC timestamp columns as plain DateTime columns."""
    if type_ == "type" and isinstance(obj, TypeDecorator):
        return f"sa.{obj.impl!r}"
    return False


def run_migrations_offline() -> None:
    """Print the SQL for `flask db upgrade --sql` instead of running it."""
    url = db.engine.url.render_as_string(hide_password=False)
    context.configure(url=url, target_metadata=db.metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run the migrations in one transaction on a live connection."""
    with db.engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=db.metadata,
            # Batch operations alter tables on every backend, rebuilding them
            # where ALTER TABLE cannot do the change in place.
            render_as_batch=True,
            process_revision_directives=skip_empty_revisions,
            render_item=render_item,
        )
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
