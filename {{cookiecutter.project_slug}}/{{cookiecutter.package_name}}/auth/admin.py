"""The admin API and the command that makes admins."""

import os
from typing import Any

import click
from apiflask import APIBlueprint
from sqlalchemy import select

from ..database.models import db
from ..database.pagination import PageQuery, page_of
from .credentials import account_for, email_error, hash_password, password_error
from .models import User, normalize_email
from .roles import ADMIN, role_required
from .schemas import AccountList
from .tokens import BEARER

# cli_group=None puts the commands at the top: `flask create-admin`.
bp = APIBlueprint("admin", __name__, tag="Admin", cli_group=None)


@bp.get("/users")
@role_required(ADMIN)  # Outermost: who may ask is checked before what is asked.
@bp.input(PageQuery, location="query", arg_name="asked")
@bp.output(AccountList)
@bp.doc(security=BEARER, responses={403: f"The account lacks the {ADMIN} role."})
def list_users(asked: PageQuery) -> dict[str, Any]:
    """List accounts, oldest first, a page at a time."""
    return page_of(select(User).order_by(User.id), asked)


@bp.cli.command("create-admin")
@click.argument("email")
@click.option(
    "--promote", is_flag=True, help="Make the existing account of EMAIL an admin."
)
def create_admin(email: str, promote: bool) -> None:
    """Create an admin account for EMAIL.

    The password comes from ADMIN_PASSWORD, or else is asked for without
    echoing it. With --promote, EMAIL's existing account becomes an admin and
    keeps its password.
    """
    if error := email_error(email):
        raise click.BadParameter(error, param_hint="EMAIL")
    email = normalize_email(email)
    user = account_for(email)
    if promote:
        if user is None:
            raise click.ClickException(f"There is no account for {email}.")
        user.role = ADMIN
        db.session.commit()
        click.echo(f"{email} is now an admin.")
        return
    if user is not None:
        # Someone may have registered the address to be made admin by mistake.
        raise click.ClickException(
            f"{email} already has an account; check whose it is, then make it "
            "an admin with --promote."
        )
    password = os.environ.get("ADMIN_PASSWORD") or click.prompt(
        "Password", hide_input=True, confirmation_prompt=True
    )
    if error := password_error(password):
        raise click.ClickException(f"The password is not acceptable. {error}")
    db.session.add(User(email=email, password_hash=hash_password(password), role=ADMIN))
    db.session.commit()
    click.echo(f"Created the admin account {email}.")
