"""The database's settings, readiness check and outage answers."""

import socket
import time

import pytest
from flask import Flask
{%- if cookiecutter.use_jwt %}
from flask_jwt_extended import create_access_token
{%- endif %}
from sqlalchemy import make_url

from {{ cookiecutter.package_name }} import config
from {{ cookiecutter.package_name }}.extensions import db
from {{ cookiecutter.package_name }}.models import Note, User


@pytest.fixture
def offline_app(make_app, database_url: str) -> Flask:
    """An app whose database server does not answer."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed_port = sock.getsockname()[1]
    url = make_url(database_url)
    if url.host:
        url = url.set(host="127.0.0.1", port=closed_port)
    else:
        url = url.set(database="/nonexistent/folder/app.db")
    return make_app(DATABASE_URL=str(url))


def test_database_url_comes_from_the_environment():
    """DATABASE_URL picks the database, and every environment has a default."""
    chosen = config.Config({"DATABASE_URL": "dialect://host/name"})
    assert chosen.SQLALCHEMY_DATABASE_URI == "dialect://host/name"
    default = config.Config({})
    assert default.SQLALCHEMY_DATABASE_URI == config.DEFAULT_DATABASE_URL


def test_readyz_checks_the_database(client):
    """/readyz runs a query against the database and reports it."""
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json["checks"]["database"] == "ok"


def test_readyz_names_an_unreachable_database_quickly(offline_app):
    """With the database down, /readyz answers 503 naming it within seconds."""
    started = time.monotonic()
    response = offline_app.test_client().get("/readyz")
    assert time.monotonic() - started < 5
    assert response.status_code == 503
    assert response.json["checks"]["database"] == "unavailable"


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("get", "/api/notes", None),
        ("post", "/api/notes", {"title": "x"}),
        ("get", "/api/notes/1", None),
{%- if cookiecutter.use_jwt %}
        ("post", "/api/auth/login", {"email": "ada@example.com", "password": "x"}),
{%- endif %}
    ],
)
def test_api_answers_503_json_while_the_database_is_down(
    offline_app, method, path, body
):
    """A request that needs the database gets a JSON 503, not a 500."""
    client = offline_app.test_client()
{%- if cookiecutter.use_jwt %}
    # A well-signed token gets as far as the database, to look up its user.
    with offline_app.app_context():
        token = create_access_token("1", additional_claims={"sid": "0" * 32})
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
{%- endif %}
    response = getattr(client, method)(path, json=body)
    assert response.status_code == 503
    assert response.json["error"]["status"] == 503
    assert "unavailable" in response.json["error"]["message"]


def test_pages_outside_the_api_answer_503_html(offline_app):
    """Outside /api the same outage renders the HTML error page."""
    offline_app.add_url_rule("/count", "count", lambda: str(db.session.get(Note, 1)))
    response = offline_app.test_client().get("/count")
    assert response.status_code == 503
    assert response.mimetype == "text/html"


def test_emails_are_stored_trimmed_and_lowercased(app):
    """A user's e-mail is normalised, so the same address is one account."""
    with app.app_context():
        user = User(email="  Ada@Example.COM ", password_hash="x")
        db.session.add(user)
        db.session.commit()
        assert user.email == "ada@example.com"
        assert (user.role, user.is_active) == ("user", True)


def test_timestamps_are_set_and_read_back_in_utc(app):
    """created_at and updated_at come back as aware UTC datetimes."""
    with app.app_context():
        user = User(email="now@example.com", password_hash="x")
        db.session.add(user)
        db.session.commit()
        db.session.expire_all()
        user = db.session.get(User, user.id)
        assert user.created_at.utcoffset().total_seconds() == 0
        assert user.updated_at == user.created_at
