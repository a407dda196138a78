"""What the account API takes and answers."""

from pydantic import BaseModel, ConfigDict, Field

from ..auth.schemas import Email, NewPassword, Received
from .tokens import MAX_TOKEN_LENGTH

__all__ = ["ForgottenPassword", "MailedToken", "PasswordReset", "Received"]


class MailedToken(BaseModel):
    """The token from a mailed link."""

    model_config = ConfigDict(extra="forbid")

    token: str = Field(min_length=1, max_length=MAX_TOKEN_LENGTH)


class ForgottenPassword(BaseModel):
    """The address of an account whose password is forgotten."""

    model_config = ConfigDict(extra="forbid")

    email: Email


class PasswordReset(MailedToken):
    """A mailed token and the new password."""

    password: NewPassword
