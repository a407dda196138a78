"""The admin API (listing and managing accounts) and the command that makes admins."""

import os
from typing import Any

import click
from apiflask import APIBlueprint
from flask import current_app
from flask_jwt_extended import current_user
from sqlalchemy import select
from werkzeug.exceptions import Forbidden, NotFound

from ..database.models import MAX_ID, db
from ..database.pagination import PageQuery, page_of
from .credentials import account_for, email_error, hash_password, password_error
from .models import User, normalize_email
from .roles import ADMIN, role_required
from .schemas import Account, AccountChange, AccountList
from .signals import vouched_for
from .tokens import BEARER, revoke_every_login

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


@bp.patch("/users/<int:user_id>")
@role_required(ADMIN)
@bp.input(AccountChange, arg_name="change")
@bp.output(Account)
@bp.doc(
    security=BEARER,
    responses={
        403: f"The account lacks the {ADMIN} role, or the change would take the "
        "role or the account from the admin making it.",
        404: "There is no such account.",
    },
    description=(
        "Deactivating an account revokes every token it has; reactivating it "
        "lets it log in again."
    ),
)
def change_user(user_id: int, change: AccountChange) -> dict[str, Any]:
    """Deactivate, reactivate, or change the role of an account."""
    # Ids past the column's range name no account (and some databases refuse
    # to compare them).
    user = db.session.get(User, user_id) if user_id <= MAX_ID else None
    if user is None:
        raise NotFound("There is no such account.")
    if user.id == current_user.id and (
        change.is_active is False or change.role not in (None, ADMIN)
    ):
        # Someone must stay able to manage accounts.
        raise Forbidden("An admin cannot deactivate or demote themselves.")
    if change.is_active is not None and change.is_active != user.is_active:
        user.is_active = change.is_active
        if not change.is_active:
            revoke_every_login(user)
    if change.role is not None:
        user.role = change.role
    db.session.commit()
    return Account.model_validate(user).model_dump()


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
    user = User(email=email, password_hash=hash_password(password), role=ADMIN)
    db.session.add(user)
    db.session.commit()
    vouched_for.send(current_app._get_current_object(), user=user)  # type: ignore[attr-defined]
    click.echo(f"Created the admin account {email}.")
