"""Notes belong to the account that made them; nobody else can see them."""

from datetime import datetime

import pytest
from sqlalchemy import select, text

from {{ cookiecutter.package_name }}.auth.models import User
from {{ cookiecutter.package_name }}.database.models import db
from {{ cookiecutter.package_name }}.notes.models import Note


@pytest.fixture
def ada(client, sign_in):
    """A client signed in as Ada."""
    sign_in(client, "ada@example.com")
    return client


@pytest.fixture
def bob(app, sign_in):
    """Another client, signed in as Bob."""
    client = app.test_client()
    sign_in(client, "bob@example.com")
    return client


def test_notes_need_a_signed_in_user(client):
    """Without an access token the notes API answers 401."""
    response = client.get("/api/notes")
    assert response.status_code == 401
    assert response.json["error"]["status"] == 401


def test_other_users_notes_are_404_to_read_change_or_delete(ada, bob):
    """Someone else's note does not exist as far as the API tells."""
    location = ada.post("/api/notes", json={"title": "Diary"}).headers["Location"]
    assert bob.get(location).status_code == 404
    assert bob.patch(location, json={"title": "Mine now"}).status_code == 404
    assert bob.delete(location).status_code == 404
    assert ada.get(location).json["title"] == "Diary"


def test_lists_hold_only_the_users_own_notes(ada, bob):
    """Each user's list and total count only their own notes."""
    ada.post("/api/notes", json={"title": "Ada's"})
    bob.post("/api/notes", json={"title": "Bob's"})
    listing = bob.get("/api/notes").json
    assert [note["title"] for note in listing["items"]] == ["Bob's"]
    assert listing["total"] == 1


def test_titles_are_unique_per_owner(ada, bob):
    """Two users may use one title; one user may not use it twice."""
    assert ada.post("/api/notes", json={"title": "Plans"}).status_code == 201
    assert bob.post("/api/notes", json={"title": "Plans"}).status_code == 201
    assert ada.post("/api/notes", json={"title": "Plans"}).status_code == 409


def test_deleting_an_account_deletes_its_notes(app, ada):
    """Notes go with their owner."""
    ada.post("/api/notes", json={"title": "Diary"})
    with app.app_context():
        db.session.delete(db.session.scalars(select(User)).one())
        db.session.commit()
        assert db.session.scalars(select(Note)).all() == []


def test_notes_written_before_accounts_get_an_owner_of_their_own(app, flask_db):
    """Accounts turned on later: migration 0002 keeps the notes there were."""
    with app.app_context():
        db.drop_all()
        flask_db("upgrade", "0001")
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO notes (title, body, created_at, updated_at) "
                    "VALUES ('Kept', '', :now, :now)"
                ),
                {"now": datetime(2026, 1, 1)},
            )
        flask_db("upgrade")
        note = db.session.scalars(select(Note)).one()
        owner = db.session.get_one(User, note.owner_id)
        assert (note.title, owner.email) == ("Kept", "unclaimed-notes@example.invalid")
        assert not owner.is_active
        # End the session's transaction: some databases' schema changes wait for it.
        db.session.rollback()
        flask_db("downgrade", "base")
        with db.engine.begin() as connection:
            connection.execute(text("DROP TABLE alembic_version"))
