"""The admin API and the command that makes admins."""

import os

import click
from flask import Blueprint
from sqlalchemy import select

from ..extensions import db
from ..models import User
from ..pagination import page_of
from .credentials import email_error, hash_password, normalize_email, password_error
from .roles import ADMIN, role_required

# cli_group=None puts the commands at the top: `flask create-admin`.
bp = Blueprint("admin", __name__, cli_group=None)


@bp.get("/users")
@role_required(ADMIN)
def list_users() -> dict[str, object]:
    """One page of accounts, oldest first, with the total count."""
    return page_of(select(User).order_by(User.id), User.to_dict)


@bp.cli.command("create-admin")
@click.argument("email")
def create_admin(email: str) -> None:
    """Create an admin account for EMAIL, or make its existing account an admin.

    A new account's password comes from ADMIN_PASSWORD, or else is asked for
    without echoing it.
    """
    if error := email_error(email):
        raise click.BadParameter(error, param_hint="EMAIL")
    email = normalize_email(email)
    user = db.session.scalar(select(User).where(User.email == email))
    if user is not None:
        user.role = ADMIN
        db.session.commit()
        click.echo(f"{email} already had an account; it is now an admin.")
        return
    password = os.environ.get("ADMIN_PASSWORD") or click.prompt(
        "Password", hide_input=True, confirmation_prompt=True
    )
    if error := password_error(password):
        raise click.ClickException(f"The password is not acceptable. {error}")
    db.session.add(User(email=email, password_hash=hash_password(password), role=ADMIN))
    db.session.commit()
    click.echo(f"Created the admin account {email}.")
