"""Sending mail while the request waits."""

import logging
import smtplib

from .delivery import deliver

logger = logging.getLogger(__name__)


def dispatch(to: str, subject: str, text: str, html: str) -> None:
    """Send a rendered mail now; a mail server that fails is logged, not raised.

    The answers that send mail are the same whether or not one was sent, so a
    failure must not change them.
    """
    try:
        deliver(to, subject, text, html)
    except (OSError, smtplib.SMTPException):
        logger.exception("could not send %r", subject)
