"""The database's settings, readiness check and outage answers."""

import time

import pytest

from {{ cookiecutter.package_name }}.database.models import db
from {{ cookiecutter.package_name }}.database.settings import (
    DEFAULT_DATABASE_URL,
    DatabaseSettings,
)
from {{ cookiecutter.package_name }}.notes.models import Note


def test_database_url_comes_from_the_environment(monkeypatch):
    """DATABASE_URL picks the database, and there is a default."""
    assert DatabaseSettings.read().database_url == DEFAULT_DATABASE_URL
    monkeypatch.setenv("DATABASE_URL", "dialect://host/name")
    assert DatabaseSettings.read().database_url == "dialect://host/name"


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
    ],
)
def test_api_answers_503_json_while_the_database_is_down(
    offline_app, api_headers, method, path, body
):
    """A request that needs the database gets a JSON 503, not a 500."""
    client = offline_app.test_client()
    response = getattr(client, method)(path, json=body, headers=api_headers)
    assert response.status_code == 503
    assert response.json["error"]["status"] == 503
    assert "unavailable" in response.json["error"]["message"]


def test_pages_outside_the_api_answer_503_html(offline_app):
    """Outside /api the same outage renders the HTML error page."""
    offline_app.add_url_rule("/count", "count", lambda: str(db.session.get(Note, 1)))
    response = offline_app.test_client().get("/count")
    assert response.status_code == 503
    assert response.mimetype == "text/html"


def test_timestamps_are_set_and_read_back_in_utc(api_client):
    """created_at and updated_at are set on creation and shown in UTC."""
    note = api_client.post("/api/notes", json={"title": "now"}).json
    assert note["created_at"].endswith("Z")
    assert note["updated_at"] == note["created_at"]
