"""How long mailed links work, whether accounts must verify, how often to ask."""

from ..core.settings import Positive, Settings


class AccountSettings(Settings):
    """VERIFY_TOKEN_EXPIRES, RESET_TOKEN_EXPIRES, REQUIRE_VERIFIED_EMAIL and
    FORGOT_RATE_*."""

    verify_token_expires: Positive = 48 * 60 * 60
    reset_token_expires: Positive = 60 * 60
    # Off: unverified accounts may do everything; on: outside /api/auth they
    # get 403 until they have verified.
    require_verified_email: bool = False
    forgot_rate_limit: Positive = 5
    forgot_rate_window: Positive = 60 * 60
