"""Mails from templates: rendered in the request, sent inline or by a job."""

from typing import Any

from flask import render_template

from .dispatch import dispatch


def send_mail(to: str, subject: str, template: str, **context: Any) -> None:
    """Send ``to`` the mail rendered from mail/<template>.txt and .html."""
    text = render_template(f"mail/{template}.txt", subject=subject, **context)
    html = render_template(f"mail/{template}.html", subject=subject, **context)
    dispatch(to, subject, text, html)
