"""Accounts by e-mail: verified addresses, password reset by a mailed link,
and a mail to the owner when someone registers a taken address."""

from flask import Flask

from ..auth.signals import registered, registration_repeated, vouched_for
from . import routes
from .gate import refuse_unverified
from .mails import send_taken_notice, send_verification, vouch
from .settings import AccountSettings


def init_app(app: Flask) -> None:
    """Read the account settings, mount the API and listen to the auth API."""
    settings = AccountSettings.read()
    app.config.update(
        VERIFY_TOKEN_EXPIRES=settings.verify_token_expires,
        RESET_TOKEN_EXPIRES=settings.reset_token_expires,
        REQUIRE_VERIFIED_EMAIL=settings.require_verified_email,
        FORGOT_RATE_LIMIT=settings.forgot_rate_limit,
        FORGOT_RATE_WINDOW=settings.forgot_rate_window,
    )
    app.register_blueprint(routes.bp, url_prefix="/api/auth")
    registered.connect(send_verification, app)
    registration_repeated.connect(send_taken_notice, app)
    vouched_for.connect(vouch, app)
    if settings.require_verified_email:
        app.before_request(refuse_unverified)
