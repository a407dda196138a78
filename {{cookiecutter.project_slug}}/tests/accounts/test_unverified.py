"""What an unverified account may do, with and without REQUIRE_VERIFIED_EMAIL."""

import pytest
from flask import Flask

from {{ cookiecutter.package_name }}.accounts.gate import refuse_unverified
from {{ cookiecutter.package_name }}.accounts.models import EmailVerification
from {{ cookiecutter.package_name }}.database.models import db

PASSWORD = "a long enough password"


@pytest.fixture
def strict_app(app: Flask) -> Flask:
    """The app, requiring verified addresses outside the auth API."""
    app.before_request(refuse_unverified)
    return app


def register_and_log_in(client) -> None:
    """Register ada@example.com and send her access token from now on."""
    account = {"email": "ada@example.com", "password": PASSWORD}
    assert client.post("/api/auth/register", json=account).status_code == 202
    tokens = client.post("/api/auth/login", json=account).json
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {tokens['access_token']}"


def test_by_default_an_unverified_account_may_do_everything(app, client):
    """Without REQUIRE_VERIFIED_EMAIL nothing waits for the link."""
    assert app.config["REQUIRE_VERIFIED_EMAIL"] is False
    register_and_log_in(client)
    assert client.get("/api/notes").status_code == 200


def test_required_verification_keeps_unverified_accounts_to_the_auth_api(
    strict_app, client, inbox
):
    """Unverified: 403 outside /api/auth, which stays open; verified: allowed."""
    register_and_log_in(client)
    refused = client.get("/api/notes")
    assert refused.status_code == 403
    assert "Verify your e-mail address" in refused.json["error"]["message"]
    assert client.get("/api/auth/me").status_code == 200
    token = inbox.token("ada@example.com")
    assert client.post("/api/auth/verify", json={"token": token}).status_code == 204
    assert client.get("/api/notes").status_code == 200


def test_required_verification_leaves_bad_tokens_to_the_views(strict_app, client):
    """A request with a bad token still gets the view's 401, not a 403."""
    response = client.get("/api/notes", headers={"Authorization": "Bearer nonsense"})
    assert response.status_code == 401


def test_the_setting_turns_the_check_on(make_app, smtp):
    """REQUIRE_VERIFIED_EMAIL=true installs the check."""
    app = make_app(REQUIRE_VERIFIED_EMAIL="true")
    assert refuse_unverified in app.before_request_funcs[None]


def test_verified_accounts_are_recorded_once(app, client, inbox):
    """Verifying adds one row for the account."""
    register_and_log_in(client)
    token = inbox.token("ada@example.com")
    client.post("/api/auth/verify", json={"token": token})
    with app.app_context():
        assert db.session.query(EmailVerification).count() == 1
