"""Mail settings: a server in production, the console in development."""

import pytest
from flask import Flask

from {{ cookiecutter.package_name }} import create_app
from {{ cookiecutter.package_name }}.core.settings import ConfigError
from {{ cookiecutter.package_name }}.database.models import db
from {{ cookiecutter.package_name }}.mail.delivery import deliver
from {{ cookiecutter.package_name }}.mail.outbox import send_mail

from .conftest import free_port


@pytest.mark.parametrize("name", ["MAIL_SERVER", "MAIL_DEFAULT_SENDER", "PUBLIC_URL"])
def test_production_refuses_to_start_without_mail(make_app, production_secrets, name):
    """Without a mail server, a sender or the public URL, production names it."""
    settings = {**production_secrets, "APP_ENV": "production", name: ""}
    with pytest.raises(ConfigError, match=f"{name} must be set in production"):
        make_app(**settings)


def test_tls_and_ssl_cannot_both_be_on(make_app):
    """MAIL_USE_TLS and MAIL_USE_SSL exclude each other."""
    with pytest.raises(ConfigError, match="MAIL_USE_TLS and MAIL_USE_SSL"):
        make_app(MAIL_USE_TLS="true", MAIL_USE_SSL="true")


def test_development_prints_mail_to_the_console(monkeypatch, service_settings, capsys):
    """Without MAIL_SERVER a development app writes each mail to stdout."""
    for name, value in service_settings.items():
        monkeypatch.setenv(name, value)
    app: Flask = create_app()
    assert app.config["MAIL_BACKEND"] == "console"
    with app.app_context():
        deliver("ada@example.com", "Someone tried to register", "Hello", "<p>Hello</p>")
    printed = capsys.readouterr().out
    assert "Subject: Someone tried to register" in printed
    assert "To: ada@example.com" in printed


def test_html_mails_escape_what_they_quote(app, inbox):
    """An address is text in the HTML part, never markup."""
    with app.test_request_context():
        send_mail(
            "ada@example.com",
            "Someone tried to register with your address",
            "taken",
            email="<b>ada</b>@example.com",
            site="example.com",
        )
    [message] = inbox.to("ada@example.com")
    html = message.get_body(preferencelist=("html",))
    assert html is not None
    assert "&lt;b&gt;ada&lt;/b&gt;" in str(html.get_content())


def test_a_mail_server_that_is_down_does_not_fail_the_request(app, make_app):
    """Registration answers as usual while no mail server listens."""
    offline = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=str(free_port()))
    with offline.app_context():
        # The app fixture drops them again.
        db.create_all()
    response = offline.test_client().post(
        "/api/auth/register",
        json={"email": "ada@example.com", "password": "a long enough password"},
    )
    assert response.status_code == 202
