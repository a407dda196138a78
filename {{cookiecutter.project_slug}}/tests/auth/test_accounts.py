"""The auth API: register, log in, refresh, log out and me."""

import pytest
from flask_jwt_extended import decode_token

from {{ cookiecutter.package_name }}.auth.models import User
from {{ cookiecutter.package_name }}.database.models import db

PASSWORD = "a long enough password"


def register(client, email: str = "ada@example.com", password: str = PASSWORD):
    """Register through the API and return the response."""
    return client.post(
        "/api/auth/register", json={"email": email, "password": password}
    )


def login(client, email: str = "ada@example.com", password: str = PASSWORD):
    """Log in through the API and return the response."""
    return client.post("/api/auth/login", json={"email": email, "password": password})


def bearer(token: str) -> dict[str, str]:
    """The header that presents ``token``."""
    return {"Authorization": f"Bearer {token}"}


def test_register_creates_a_user_account(app, client):
    """Registering answers 202 and makes the account, its e-mail normalised."""
    response = register(client, email="  Ada@Example.COM ")
    assert response.status_code == 202
    assert set(response.json) == {"message"}
    with app.app_context():
        user = db.session.scalars(db.select(User)).one()
        assert (user.email, user.role, user.is_active) == (
            "ada@example.com",
            "user",
            True,
        )


def test_register_answers_a_taken_email_as_a_new_one(app, client):
    """A taken address, however written, gets the very answer a new one gets,
    and neither the account nor its password changes."""
    first = register(client)
    again = register(client, email="ADA@example.com", password="another password")
    assert (again.status_code, again.json) == (first.status_code, first.json)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(User.id))) == 1
    assert login(client).status_code == 200
    assert login(client, password="another password").status_code == 401


def test_registrations_from_one_client_are_limited(app, client):
    """REGISTER_RATE_LIMIT registrations per window from one address, then 429."""
    app.config.update(REGISTER_RATE_LIMIT=3)
    for number in range(3):
        assert register(client, email=f"user{number}@example.com").status_code == 202
    response = register(client, email="one-more@example.com")
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) >= 1
    other = client.post(
        "/api/auth/register",
        json={"email": "elsewhere@example.com", "password": PASSWORD},
        environ_base={"REMOTE_ADDR": "192.0.2.9"},
    )
    assert other.status_code == 202


@pytest.mark.parametrize(
    ("payload", "fields"),
    [
        ({}, {"email", "password"}),
        ({"email": "ada", "password": PASSWORD}, {"email"}),
        ({"email": "ada@example.com", "password": "short"}, {"password"}),
        ({"email": 7, "password": ["x"]}, {"email", "password"}),
        ({"email": "ada@example.com", "password": PASSWORD, "role": "admin"}, {"role"}),
    ],
)
def test_register_names_each_bad_field(client, payload, fields):
    """Missing, malformed and unexpected fields are a 400 naming each one."""
    response = client.post("/api/auth/register", json=payload)
    assert response.status_code == 400
    assert set(response.json["error"]["fields"]) == fields


def test_login_returns_an_access_and_a_refresh_token(client):
    """The tokens name the account by its id, as text."""
    register(client)
    response = login(client)
    with client.application.app_context():
        user_id = db.session.scalars(db.select(User.id)).one()
    assert response.status_code == 200
    with client.application.app_context():
        access = decode_token(response.json["access_token"])
        refresh = decode_token(response.json["refresh_token"])
    assert (access["type"], refresh["type"]) == ("access", "refresh")
    assert access["sub"] == refresh["sub"] == str(user_id)


def test_login_accepts_the_email_in_any_case(client):
    """Addresses are looked up the way they are stored."""
    register(client)
    assert login(client, email=" ADA@example.com").status_code == 200


@pytest.mark.parametrize(
    ("email", "password"),
    [("ada@example.com", "not the password"), ("nobody@example.com", PASSWORD)],
)
def test_login_failures_all_get_the_same_401(client, email, password):
    """A wrong password and an unknown e-mail cannot be told apart."""
    register(client)
    response = login(client, email=email, password=password)
    assert response.status_code == 401
    assert response.json["error"]["message"] == "The e-mail or password is incorrect."


def test_a_disabled_account_cannot_log_in(app, client, make_user):
    """Deactivated accounts get the same 401 as a wrong password."""
    user = make_user("ada@example.com", password=PASSWORD)
    with app.app_context():
        db.session.get_one(User, user.id).is_active = False
        db.session.commit()
    assert login(client).status_code == 401


def test_login_rehashes_a_password_made_at_another_cost(app, client, make_user):
    """After BCRYPT_LOG_ROUNDS changes, each login brings its hash up to date."""
    user = make_user("ada@example.com", password=PASSWORD)
    app.config["BCRYPT_LOG_ROUNDS"] = 5
    assert login(client).status_code == 200
    with app.app_context():
        assert db.session.get_one(User, user.id).password_hash.startswith("$2b$05$")
    assert login(client).status_code == 200


def test_login_refuses_a_body_without_credentials(client):
    """A login needs a well-formed e-mail address and a password string."""
    response = client.post("/api/auth/login", json={"email": "ada@\ud800"})
    assert response.status_code == 400
    assert set(response.json["error"]["fields"]) == {"email", "password"}


def test_me_is_the_signed_in_account(client):
    """/me answers with the account the access token names."""
    register(client)
    token = login(client).json["access_token"]
    response = client.get("/api/auth/me", headers=bearer(token))
    assert response.status_code == 200
    assert response.json["email"] == "ada@example.com"


def test_refresh_trades_a_refresh_token_for_a_new_access_token(client):
    """The new access token works like the first one."""
    register(client)
    tokens = login(client).json
    response = client.post("/api/auth/refresh", headers=bearer(tokens["refresh_token"]))
    assert response.status_code == 200
    assert set(response.json) == {"access_token"}
    me = client.get("/api/auth/me", headers=bearer(response.json["access_token"]))
    assert me.status_code == 200


@pytest.mark.parametrize("presented", ["access_token", "refresh_token"])
def test_logout_revokes_both_tokens_of_the_login(client, presented):
    """Logging out with either token ends the login: both are refused after."""
    register(client)
    tokens = login(client).json
    response = client.post("/api/auth/logout", headers=bearer(tokens[presented]))
    assert response.status_code == 204
    me = client.get("/api/auth/me", headers=bearer(tokens["access_token"]))
    refreshed = client.post(
        "/api/auth/refresh", headers=bearer(tokens["refresh_token"])
    )
    for refused in (me, refreshed):
        assert refused.status_code == 401
        assert "revoked" in refused.json["error"]["message"]


def test_logout_leaves_other_logins_alone(client):
    """Each login has its own tokens; ending one keeps the others."""
    register(client)
    first, second = login(client).json, login(client).json
    client.post("/api/auth/logout", headers=bearer(first["access_token"]))
    me = client.get("/api/auth/me", headers=bearer(second["access_token"]))
    assert me.status_code == 200
