"""Alembic's entry point: runs migrations against the app's database."""

import importlib.util
import subprocess
import sys
from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from alembic.script import write_hooks
from flask import current_app
from sqlalchemy import TypeDecorator

db = current_app.extensions["migrate"].db
config = context.config


@write_hooks.register("ruff_if_installed")
def lint_revision(path: str, options: dict[str, str]) -> None:
    """Fix and format a new revision with ruff, where the dev extra installed it.

    Installed without it, as to run the app, the revision is written as it is.
    """
    if importlib.util.find_spec("ruff") is None:
        print(f"ruff is not installed (the dev extra has it): {path} is unformatted.")
        return
    for command in (["check", "--fix"], ["format"]):
        subprocess.run([sys.executable, "-m", "ruff", *command, path], check=False)


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
