"""Registration mails a link that verifies the address, once."""

from datetime import timedelta

from sqlalchemy import select

from {{ cookiecutter.package_name }}.accounts.models import (
    AccountToken,
    EmailVerification,
)
from {{ cookiecutter.package_name }}.auth.models import User
from {{ cookiecutter.package_name }}.database.models import db, utcnow

from .conftest import html_of, text_of

PASSWORD = "a long enough password"


def register(client, email: str = "ada@example.com", password: str = PASSWORD):
    """Register through the API and return the response."""
    return client.post(
        "/api/auth/register", json={"email": email, "password": password}
    )


def is_verified(app, email: str) -> bool:
    """Whether the account of ``email`` has verified its address."""
    with app.app_context():
        user = db.session.scalars(select(User).where(User.email == email)).one()
        return db.session.get(EmailVerification, user.id) is not None


def test_registering_mails_a_verification_link(app, client, inbox):
    """The mail, in plain text and HTML, links to PUBLIC_URL with the token."""
    assert register(client).status_code == 202
    [message] = inbox.to("ada@example.com")
    assert message["Subject"] == "Confirm your e-mail address"
    link = f"{app.config['PUBLIC_URL']}/verify-email?token={inbox.token('ada@example.com')}"
    assert link in text_of(message)
    assert f'href="{link}"' in html_of(message)
    assert not is_verified(app, "ada@example.com")


def test_the_token_verifies_the_address_once(app, client, inbox):
    """The mailed token verifies the address; spent, it is refused."""
    register(client)
    token = inbox.token("ada@example.com")
    assert client.post("/api/auth/verify", json={"token": token}).status_code == 204
    assert is_verified(app, "ada@example.com")
    again = client.post("/api/auth/verify", json={"token": token})
    assert again.status_code == 400
    assert "link" in again.json["error"]["message"]


def test_unknown_and_malformed_tokens_are_refused(client):
    """A made-up token is a 400, a missing or huge one names the field."""
    assert client.post("/api/auth/verify", json={"token": "x" * 43}).status_code == 400
    for body in ({}, {"token": ""}, {"token": "x" * 101}, {"token": 7}):
        response = client.post("/api/auth/verify", json=body)
        assert response.status_code == 400
        assert "token" in response.json["error"]["fields"]


def test_the_token_expires(app, client, inbox, time_machine):
    """After VERIFY_TOKEN_EXPIRES seconds the link no longer works."""
    register(client)
    token = inbox.token("ada@example.com")
    time_machine.move_to(utcnow(), tick=False)
    time_machine.shift(timedelta(seconds=app.config["VERIFY_TOKEN_EXPIRES"] + 1))
    assert client.post("/api/auth/verify", json={"token": token}).status_code == 400


def test_only_the_hash_of_a_token_is_stored(app, client, inbox):
    """The database does not hold the token itself."""
    register(client)
    token = inbox.token("ada@example.com")
    with app.app_context():
        stored = db.session.scalars(select(AccountToken.token_hash)).all()
    assert len(stored) == 1
    assert token not in stored[0]


def test_a_taken_address_gets_the_same_answer_and_its_owner_a_notice(client, inbox):
    """Registering a taken address answers as for a new one; the owner is told,
    and no verification link goes out."""
    first = register(client, email="ada@example.com")
    new = register(client, email="bob@example.com")
    taken = register(client, email="ADA@example.com", password="another password")
    assert (taken.status_code, taken.json) == (new.status_code, new.json)
    assert first.json == new.json
    messages = inbox.to("ada@example.com")
    assert [m["Subject"] for m in messages] == [
        "Confirm your e-mail address",
        "Someone tried to register with your address",
    ]
    assert "token=" not in text_of(messages[-1])


def test_an_admin_made_by_the_command_counts_as_verified(app, runner, monkeypatch):
    """`flask create-admin` vouches for the address it is given."""
    monkeypatch.setenv("ADMIN_PASSWORD", PASSWORD)
    result = runner.invoke(args=["create-admin", "root@example.com"])
    assert result.exit_code == 0, result.output
    assert is_verified(app, "root@example.com")
