"""Outgoing mail: Flask-Mailman, configured from MAIL_*, sending mails that
are rendered from this package's templates in plain text and HTML."""

from flask import Blueprint, Flask
from flask_mailman import Mail

from ..core.settings import ConfigError
from .settings import MailSettings

mail = Mail()
# Holds no routes: it adds this package's templates (mail/*.txt, mail/*.html).
bp = Blueprint("mail", __name__, template_folder="templates")

DEVELOPMENT_SENDER = "no-reply@localhost"
DEVELOPMENT_PUBLIC_URL = "http://127.0.0.1:5000"


def init_app(app: Flask) -> None:
    """Read the mail settings and bind Flask-Mailman.

    Production needs a mail server, a sender and the public URL; development
    prints mail to the console unless MAIL_SERVER is set, and tests keep it
    in ``mail.outbox``.
    """
    settings = MailSettings.read()
    if app.config["APP_ENV"] == "production":
        for name, value in (
            ("MAIL_SERVER", settings.mail_server),
            ("MAIL_DEFAULT_SENDER", settings.mail_default_sender),
            ("PUBLIC_URL", settings.public_url),
        ):
            if not value:
                raise ConfigError(
                    f"{name} must be set in production: accounts are verified "
                    "and recovered by mail."
                )
    if settings.mail_use_tls and settings.mail_use_ssl:
        raise ConfigError(
            "MAIL_USE_TLS and MAIL_USE_SSL cannot both be true: STARTTLS "
            "upgrades a plain connection, SSL starts encrypted."
        )
    backend = "smtp"
    if not settings.mail_server:
        # Tests keep mail in mail.outbox; development prints it.
        backend = "locmem" if app.testing else "console"
    app.config.update(
        MAIL_BACKEND=backend,
        MAIL_SERVER=settings.mail_server,
        MAIL_PORT=settings.mail_port,
        MAIL_USE_TLS=settings.mail_use_tls,
        MAIL_USE_SSL=settings.mail_use_ssl,
        MAIL_USERNAME=settings.mail_username or None,
        MAIL_PASSWORD=settings.mail_password or None,
        MAIL_DEFAULT_SENDER=settings.mail_default_sender or DEVELOPMENT_SENDER,
        MAIL_TIMEOUT=settings.mail_timeout,
        PUBLIC_URL=(settings.public_url or DEVELOPMENT_PUBLIC_URL).rstrip("/"),
    )
    mail.init_app(app)
    app.register_blueprint(bp)
