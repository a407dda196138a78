"""Exports belong to their owner, and hold only the owner's notes."""

from datetime import timedelta

from {{ cookiecutter.package_name }}.auth.models import LoginAttempt, RevokedLogin
from {{ cookiecutter.package_name }}.database.models import db, utcnow
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
                LoginAttempt(key="k", attempted_at=now - timedelta(hours=1)),
                LoginAttempt(key="k", attempted_at=now),
            ]
        )
        db.session.commit()
        deleted = clean_up.delay().get()
        assert deleted["forget_expired_logins"] == 1
        assert deleted["forget_old_attempts"] == 1
        assert [login.id for login in db.session.query(RevokedLogin)] == ["b" * 32]
        assert db.session.query(LoginAttempt).count() == 1
