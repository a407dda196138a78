"""Handing a rendered mail to the mail server, or the console in development."""

from flask_mailman import EmailMultiAlternatives


def deliver(to: str, subject: str, text: str, html: str) -> None:
    """Send one mail, in plain text with an HTML alternative."""
    message = EmailMultiAlternatives(subject, text, to=[to])
    message.attach_alternative(html, "text/html")
    message.send()
