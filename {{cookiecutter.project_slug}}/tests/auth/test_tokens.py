"""Every way a token can fail is a JSON 401; and where token settings come from."""

import base64
import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
from flask_jwt_extended import create_access_token
from sqlalchemy import event

from {{ cookiecutter.package_name }}.auth.models import RevokedLogin, User
from {{ cookiecutter.package_name }}.core.settings import ConfigError
from {{ cookiecutter.package_name }}.database.models import db, utcnow

ME = "/api/auth/me"
# The ends of the routes that e-mail adds, which need no bearer token.
MAILED_TOKEN_ROUTES = ("/auth/verify", "/forgot", "/password/reset")
# A login id of the form the app issues.
LOGIN = {"sid": "0" * 32}


def assert_refused(response, says: str) -> None:
    """A 401 in the API's error shape, with a message containing ``says``."""
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    error = response.json["error"]
    assert error["status"] == 401
    assert says in error["message"]


def with_token(client, token: str) -> None:
    """Make ``client`` present ``token`` from now on."""
    assert client.environ_base is not None  # FlaskClient always has one
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"


@contextmanager
def count_queries(app) -> Iterator[list[str]]:
    """The SQL statements the app sends while the block runs."""
    queries: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:
        queries.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield queries
    finally:
        event.remove(engine, "before_cursor_execute", record)


def segment(data: dict[str, object]) -> str:
    """One base64url part of a token."""
    text = json.dumps(data, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(text).rstrip(b"=").decode()


def test_a_request_without_a_token_is_refused(client):
    """No Authorization header: 401, saying so."""
    assert_refused(client.get(ME), "Authorization")


@pytest.mark.parametrize("header", ["Basic YWRhOnNlY3JldA==", "token"])
def test_another_authorization_scheme_is_refused(client, header):
    """Only 'Bearer <token>' is read."""
    assert_refused(client.get(ME, headers={"Authorization": header}), "Bearer")


@pytest.mark.parametrize("token", ["not-a-token", "a.b.c", "é.é.é", "x" * 5000])
def test_a_malformed_token_is_refused(client, token):
    """Garbage where the token should be is a 401, not a 422 or 500."""
    with_token(client, token)
    assert_refused(client.get(ME), "invalid")


def test_a_tampered_token_is_refused(client, sign_in, make_user):
    """Changing the claims breaks the signature."""
    tokens = sign_in(client)
    other = make_user("eve@example.com")
    header, payload, signature = tokens["access_token"].split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    forged = segment(claims | {"sub": str(other.id)})
    with_token(client, f"{header}.{forged}.{signature}")
    assert_refused(client.get(ME), "invalid")


def test_a_token_signed_with_another_key_is_refused(client, make_app, make_user):
    """Only JWT_SECRET_KEY's signatures count."""
    user = make_user("ada@example.com")
    stranger = make_app(JWT_SECRET_KEY="another-key-that-is-32-bytes-long")
    with stranger.app_context():
        token = create_access_token(str(user.id), additional_claims=LOGIN)
    with_token(client, token)
    assert_refused(client.get(ME), "invalid")


def test_an_unsigned_token_is_refused(client, make_user):
    """A token claiming the "none" algorithm is not trusted."""
    user = make_user("ada@example.com")
    claims: dict[str, object] = {"sub": str(user.id), "type": "access", "jti": "x"}
    claims.update(LOGIN)
    claims["exp"] = int(time.time()) + 60
    with_token(client, f"{segment({'alg': 'none', 'typ': 'JWT'})}.{segment(claims)}.")
    assert_refused(client.get(ME), "invalid")


def test_expired_tokens_are_refused(app, client, sign_in, time_machine):
    """Access and refresh tokens work until their lifetime ends, then are refused."""
    # Tokens carry whole seconds, so the clock starts on one and stands still.
    time_machine.move_to(datetime.now(UTC).replace(microsecond=0), tick=False)
    tokens = sign_in(client)
    time_machine.shift(app.config["JWT_ACCESS_TOKEN_EXPIRES"] - timedelta(seconds=1))
    assert client.get(ME).status_code == 200
    time_machine.shift(timedelta(seconds=1))
    assert_refused(client.get(ME), "expired")
    with_token(client, tokens["refresh_token"])
    assert client.post("/api/auth/refresh").status_code == 200
    time_machine.shift(app.config["JWT_REFRESH_TOKEN_EXPIRES"])
    assert_refused(client.post("/api/auth/refresh"), "expired")


def test_a_refresh_token_is_not_an_access_token(client, sign_in):
    """Presenting the refresh token to an API route is refused."""
    tokens = sign_in(client)
    with_token(client, tokens["refresh_token"])
    assert_refused(client.get(ME), "not the kind")


def test_an_access_token_cannot_refresh(client, sign_in):
    """Only a refresh token gets a new access token."""
    sign_in(client)
    assert_refused(client.post("/api/auth/refresh"), "not the kind")


def test_a_revoked_token_is_refused(client, sign_in):
    """After logout, the token is refused."""
    sign_in(client)
    assert client.post("/api/auth/logout").status_code == 204
    assert_refused(client.get(ME), "revoked")


def test_a_token_without_a_login_id_is_refused(app, client, make_user):
    """Tokens this app did not issue at login carry no "sid" and count as revoked."""
    user = make_user("ada@example.com")
    with app.app_context():
        with_token(client, create_access_token(str(user.id)))
    assert_refused(client.get(ME), "revoked")


@pytest.mark.parametrize(
    "subject",
    ["abc", "-1", "0", "007", "\u0661", "99999999999999999999", "9" * 5000, "12345"],
)
def test_a_token_naming_no_account_is_refused(app, client, subject):
    """A well-signed token whose subject is not an account id is a 401, even
    one with more digits than Python converts to a number (4,300)."""
    with app.app_context():
        token = create_access_token(subject, additional_claims=LOGIN)
    with_token(client, token)
    assert_refused(client.get(ME), "account")


def test_a_token_of_a_disabled_account_is_refused(app, client, sign_in):
    """Disabling an account stops its tokens at once, even one in use."""
    sign_in(client)
    assert client.get(ME).status_code == 200
    with app.app_context():
        db.session.scalars(db.select(User)).one().is_active = False
        db.session.commit()
    assert_refused(client.get(ME), "disabled")


def test_a_token_of_a_deleted_account_is_refused(app, client, sign_in):
    """Deleting an account stops its tokens at once, even one in use."""
    sign_in(client)
    assert client.get(ME).status_code == 200
    with app.app_context():
        db.session.delete(db.session.scalars(db.select(User)).one())
        db.session.commit()
    assert_refused(client.get(ME), "no longer exists")


def test_a_signed_in_request_reads_its_account_in_one_query(app, api_client):
    """The account's state and the login's are one indexed query per request."""
    assert api_client.post("/api/notes", json={"title": "One"}).status_code == 201
    with count_queries(app) as queries:
        assert api_client.get("/api/notes").status_code == 200
    about_the_sign_in = [q for q in queries if "users" in q or "revoked" in q]
    assert len(about_the_sign_in) == 1, queries
    # The other is the page of notes with its total.
    assert len(queries) == 2, queries


def test_a_token_one_app_verified_is_checked_again_by_another(
    app, client, make_app, sign_in
):
    """Each app keeps the tokens it verified apart from other apps': a token
    this app accepts is refused by an app with another key."""
    tokens = sign_in(client)
    assert client.get(ME).status_code == 200
    verified = {token for token, *_ in app.extensions["verified_tokens"]}
    assert tokens["access_token"] in verified
    stranger = make_app(JWT_SECRET_KEY="another-key-that-is-32-bytes-long")
    other = stranger.test_client()
    with_token(other, tokens["access_token"])
    assert_refused(other.get(ME), "invalid")


def test_logout_forgets_logins_whose_tokens_have_expired(app, client, sign_in):
    """Revocations are kept only while a token of theirs could still be used."""
    sign_in(client)
    with app.app_context():
        stale = RevokedLogin(id="stale", expires_at=utcnow() - timedelta(seconds=1))
        db.session.add(stale)
        db.session.commit()
    client.post("/api/auth/logout")
    with app.app_context():
        remaining = db.session.scalars(db.select(RevokedLogin.id)).all()
    assert len(remaining) == 1
    assert "stale" not in remaining


def test_token_lifetimes_come_from_the_environment(make_app):
    """Lifetimes are read in seconds; zero is refused."""
    app = make_app(JWT_ACCESS_TOKEN_EXPIRES="60", JWT_REFRESH_TOKEN_EXPIRES="3600")
    access, refresh = (
        app.config["JWT_ACCESS_TOKEN_EXPIRES"],
        app.config["JWT_REFRESH_TOKEN_EXPIRES"],
    )
    assert (access, refresh) == (timedelta(minutes=1), timedelta(hours=1))
    with pytest.raises(ConfigError, match="JWT_ACCESS_TOKEN_EXPIRES must be at least"):
        make_app(JWT_ACCESS_TOKEN_EXPIRES="0")


def test_production_needs_its_own_jwt_secret_key(make_app):
    """JWT_SECRET_KEY is required in production, and must not be SECRET_KEY."""
    production = {"APP_ENV": "production", "SECRET_KEY": "s" * 64}
    with pytest.raises(ConfigError, match="JWT_SECRET_KEY must be set"):
        make_app(**production, JWT_SECRET_KEY="")
    with pytest.raises(ConfigError, match="JWT_SECRET_KEY must differ"):
        make_app(**production, JWT_SECRET_KEY="s" * 64)


def test_the_api_document_says_which_operations_need_a_token(client):
    """Every operation but registering, logging in and those that carry a mailed
    token needs a bearer token."""
    document = client.get("/api/openapi.json").json
    scheme = {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
    assert document["components"]["securitySchemes"] == {"bearerAuth": scheme}
    open_operations = {("post", "/api/auth/register"), ("post", "/api/auth/login")}
    # With e-mail, also the routes that take a mailed token, or ask for one.
    mailed = [path for path in document["paths"] if path.endswith(MAILED_TOKEN_ROUTES)]
    open_operations |= {("post", path) for path in mailed}
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if (method, path) in open_operations or path.startswith("/api/session/"):
                assert "security" not in operation, (method, path)
            else:
                assert operation["security"] == [{"bearerAuth": []}], (method, path)
                assert "401" in operation["responses"], (method, path)
