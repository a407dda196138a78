"""What the auth and admin APIs take and answer."""

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from ..database.pagination import Page
from .credentials import MIN_PASSWORD_LENGTH, email_error, password_error
from .models import normalize_email


def accepted(rule: Callable[[str], str | None]) -> Callable[[str], str]:
    """A pydantic validator from a rule that explains what it refuses."""

    def validate(value: str) -> str:
        if message := rule(value):
            raise ValueError(message)
        return value

    return validate


# The JSON schema keywords tell clients, and the fuzzers that read the API
# document, the gist of rules that only the validators state in full.
Email = Annotated[
    str,
    AfterValidator(accepted(email_error)),
    AfterValidator(normalize_email),
    Field(json_schema_extra={"format": "email"}),
]
NewPassword = Annotated[
    str,
    AfterValidator(accepted(password_error)),
    Field(json_schema_extra={"minLength": MIN_PASSWORD_LENGTH}),
]


class Registration(BaseModel):
    """The e-mail and password of a new account."""

    model_config = ConfigDict(extra="forbid")

    email: Email
    password: NewPassword


class Credentials(BaseModel):
    """The e-mail and password of an account."""

    model_config = ConfigDict(extra="forbid")

    email: Email
    # Any string: a password that breaks today's rules may predate them.
    password: str


class PasswordChange(BaseModel):
    """The current password and the new one."""

    model_config = ConfigDict(extra="forbid")

    current_password: str
    password: NewPassword


class AccountChange(BaseModel):
    """What an admin may change about an account; what is left out stays."""

    model_config = ConfigDict(extra="forbid")

    is_active: bool | None = None
    role: Literal["user", "admin"] | None = None


class Received(BaseModel):
    """A request taken in, whose outcome the answer does not tell."""

    message: str


class Account(BaseModel):
    """An account as the API shows it, without its password hash."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    email: str
    role: str
    is_active: bool
    created_at: datetime


class AccountList(Page):
    """A page of accounts, oldest first."""

    items: list[Account]


class AccessToken(BaseModel):
    """A new access token."""

    access_token: str


class Tokens(AccessToken):
    """The tokens of a new login."""

    refresh_token: str
