"""How long tokens live, how hard passwords are to guess, how often to try."""

from typing import Annotated

from pydantic import Field

from ..core.settings import Positive, Settings

# Each step up doubles the time a password hash takes; bcrypt allows 4-31.
BcryptRounds = Annotated[Positive, Field(ge=4, le=31)]


class AuthSettings(Settings):
    """JWT_*, BCRYPT_LOG_ROUNDS, and the LOGIN_*, LOGIN_CLIENT_* and
    REGISTER_* rate limits."""

    jwt_secret_key: str = ""
    jwt_access_token_expires: Positive = 15 * 60
    jwt_refresh_token_expires: Positive = 30 * 24 * 60 * 60
    bcrypt_log_rounds: BcryptRounds = 12
    login_rate_limit: Positive = 5
    login_rate_window: Positive = 60
    login_client_rate_limit: Positive = 20
    login_client_rate_window: Positive = 5 * 60
    register_rate_limit: Positive = 10
    register_rate_window: Positive = 60 * 60
