"""Sending mail from a Celery job, so that no request waits for the mail server."""

import smtplib

from celery import shared_task

from .delivery import deliver


# A mail server that is down or refuses for a while is tried again, within
# about half a minute.
@shared_task(
    autoretry_for=(OSError, smtplib.SMTPException),
    retry_backoff=True,
    max_retries=5,
    ignore_result=True,
)
def deliver_mail(to: str, subject: str, text: str, html: str) -> None:
    """Hand one rendered mail to the mail server."""
    deliver(to, subject, text, html)


def dispatch(to: str, subject: str, text: str, html: str) -> None:
    """Queue a rendered mail for a worker to send."""
    deliver_mail.delay(to, subject, text, html)
