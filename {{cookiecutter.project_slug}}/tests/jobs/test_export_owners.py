"""Exports belong to their owner, and hold only the owner's notes."""

from datetime import timedelta

from sqlalchemy import func, select, text

from {{ cookiecutter.package_name }}.auth.models import LoginAttempt, RevokedLogin
from {{ cookiecutter.package_name }}.database.models import db, utcnow
from {{ cookiecutter.package_name }}.jobs.models import Export
from {{ cookiecutter.package_name }}.jobs.tasks import clean_up


def test_an_export_needs_a_token(client):
    """Without an access token, asking for an export is 401."""
    assert client.post("/api/exports").status_code == 401
    assert client.get("/api/exports/1").status_code == 401


def test_an_export_holds_only_its_owners_notes(app, sign_in):
    """Each user's export copies that user's notes; another's export is a 404."""
    ada, bob = app.test_client(), app.test_client()
    sign_in(ada, "ada@example.com")
    sign_in(bob, "bob@example.com")
    ada.post("/api/notes", json={"title": "ada's"})
    bob.post("/api/notes", json={"title": "bob's"})
    location = ada.post("/api/exports").headers["Location"]
    notes = ada.get(location).json["notes"]
    assert [note["title"] for note in notes] == ["ada's"]
    response = bob.get(location)
    assert response.status_code == 404
    assert response.json["error"]["status"] == 404


def test_the_cleanup_forgets_expired_logins_and_old_attempts(app):
    """Ended logins past their tokens' lifetime and attempts out of the window go."""
    now = utcnow()
    with app.app_context():
        db.session.add_all(
            [
                RevokedLogin(id="a" * 32, expires_at=now - timedelta(seconds=1)),
                RevokedLogin(id="b" * 32, expires_at=now + timedelta(hours=1)),
                LoginAttempt(
                    key="k", attempted_at=now - timedelta(hours=1), forget_at=now
                ),
                LoginAttempt(
                    key="k", attempted_at=now, forget_at=now + timedelta(minutes=1)
                ),
            ]
        )
        db.session.commit()
        deleted = clean_up.delay().get()
        assert deleted["forget_expired_logins"] == 1
        assert deleted["forget_old_attempts"] == 1
        assert [login.id for login in db.session.query(RevokedLogin)] == ["b" * 32]
        assert db.session.query(LoginAttempt).count() == 1


def test_exports_made_before_accounts_are_deleted_when_accounts_arrive(app, flask_db):
    """Jobs first, accounts later: 0003 alone, then 0002 and 0004, which deletes
    the exports that belonged to nobody and leaves the models' schema."""
    with app.app_context():
        db.drop_all()
        flask_db("upgrade", "0003")
        now = utcnow().replace(tzinfo=None)
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO exports (status, attempts, created_at, updated_at) "
                    "VALUES ('done', 1, :now, :now)"
                ),
                {"now": now},
            )
        flask_db("upgrade")
        flask_db("check")
        assert db.session.scalar(select(func.count()).select_from(Export)) == 0
        db.session.remove()
        flask_db("downgrade", "base")
        with db.engine.begin() as connection:
            connection.execute(text("DROP TABLE alembic_version"))
