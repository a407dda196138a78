"""Forgotten passwords: a mailed, single-use link to choose a new one."""

from datetime import timedelta

from {{ cookiecutter.package_name }}.auth.models import User
from {{ cookiecutter.package_name }}.database.models import db, utcnow

PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "a brand new password"


def forgot(client, email: str = "ada@example.com", client_ip: str | None = None):
    """Ask for a reset link."""
    environ = {"REMOTE_ADDR": client_ip} if client_ip else {}
    return client.post(
        "/api/auth/password/forgot", json={"email": email}, environ_base=environ
    )


def reset(client, token: str, password: str = NEW_PASSWORD):
    """Choose a new password with ``token``."""
    return client.post(
        "/api/auth/password/reset", json={"token": token, "password": password}
    )


def login(client, password: str, email: str = "ada@example.com"):
    """Log in and return the response."""
    return client.post("/api/auth/login", json={"email": email, "password": password})


def test_forgot_answers_the_same_whether_or_not_the_account_exists(
    client, make_user, inbox
):
    """202 with one body for both; only the account's owner gets a mail."""
    make_user("ada@example.com")
    known = forgot(client)
    unknown = forgot(client, "nobody@example.com")
    assert known.status_code == unknown.status_code == 202
    assert known.json == unknown.json
    assert [m["Subject"] for m in inbox.to("ada@example.com")] == [
        "Choose a new password"
    ]
    assert inbox.to("nobody@example.com") == []


def test_reset_sets_the_password_and_ends_every_login(client, sign_in, inbox):
    """After a reset the old password and the tokens issued before are refused."""
    tokens = sign_in(client)
    forgot(client)
    assert reset(client, inbox.token("ada@example.com")).status_code == 204
    refreshed = client.post(
        "/api/auth/refresh",
        headers={"Authorization": f"Bearer {tokens['refresh_token']}"},
    )
    assert refreshed.status_code == 401
    assert client.get("/api/auth/me").status_code == 401
    assert login(client, PASSWORD).status_code == 401
    assert login(client, NEW_PASSWORD).status_code == 200


def test_a_reset_token_works_once(client, make_user, inbox):
    """The second use of a reset link is a 400 and changes nothing."""
    make_user("ada@example.com")
    forgot(client)
    token = inbox.token("ada@example.com")
    assert reset(client, token).status_code == 204
    assert reset(client, token, "yet another password").status_code == 400
    assert login(client, NEW_PASSWORD).status_code == 200


def test_a_newer_reset_link_replaces_the_older(client, make_user, inbox):
    """Asking again makes the earlier link stop working."""
    make_user("ada@example.com")
    forgot(client)
    older = inbox.token("ada@example.com")
    forgot(client)
    newer = inbox.token("ada@example.com")
    assert older != newer
    assert reset(client, older).status_code == 400
    assert reset(client, newer).status_code == 204


def test_a_reset_token_expires(app, client, make_user, inbox, time_machine):
    """After RESET_TOKEN_EXPIRES seconds the link no longer works."""
    make_user("ada@example.com")
    forgot(client)
    token = inbox.token("ada@example.com")
    time_machine.move_to(utcnow(), tick=False)
    time_machine.shift(timedelta(seconds=app.config["RESET_TOKEN_EXPIRES"] + 1))
    assert reset(client, token).status_code == 400


def test_a_verification_token_does_not_reset(client, inbox):
    """Tokens are good for their own purpose only."""
    client.post(
        "/api/auth/register", json={"email": "ada@example.com", "password": PASSWORD}
    )
    assert reset(client, inbox.token("ada@example.com")).status_code == 400


def test_the_new_password_follows_the_rules(client, make_user, inbox):
    """A too-short new password names the field and spends nothing."""
    make_user("ada@example.com")
    forgot(client)
    token = inbox.token("ada@example.com")
    response = reset(client, token, "short")
    assert response.status_code == 400
    assert "password" in response.json["error"]["fields"]
    assert reset(client, token).status_code == 204


def test_forgot_is_limited_per_client(app, client, make_user, inbox):
    """FORGOT_RATE_LIMIT requests per window from one address, then 429."""
    app.config.update(FORGOT_RATE_LIMIT=2)
    make_user("ada@example.com")
    assert forgot(client).status_code == 202
    assert forgot(client, "nobody@example.com").status_code == 202
    response = forgot(client, "someone@example.com")
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) >= 1
    assert forgot(client, client_ip="192.0.2.5").status_code == 202
    assert len(inbox.to("ada@example.com")) == 2


def test_a_deactivated_account_gets_no_reset_link(app, client, make_user, inbox):
    """Resetting cannot bring back an account an admin disabled."""
    make_user("ada@example.com")
    with app.app_context():
        db.session.scalars(db.select(User)).one().is_active = False
        db.session.commit()
    assert forgot(client).status_code == 202
    assert inbox.to("ada@example.com") == []
