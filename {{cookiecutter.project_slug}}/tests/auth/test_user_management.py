"""Managing accounts: admins deactivate, reactivate and change roles."""

from flask_jwt_extended import create_access_token
from sqlalchemy import select

from {{ cookiecutter.package_name }}.auth.models import User
from {{ cookiecutter.package_name }}.database.models import db

from ..conftest import PASSWORD


def user_id(app, email: str) -> int:
    """The id of the account of ``email``."""
    with app.app_context():
        return db.session.scalars(select(User.id).where(User.email == email)).one()


def log_in(client, email: str):
    """Log in as ``email`` with the fixtures' password."""
    return client.post("/api/auth/login", json={"email": email, "password": PASSWORD})


def test_deactivating_refuses_the_accounts_tokens_and_logins(app, client, sign_in):
    """A deactivated account's tokens stop working, and it cannot log in."""
    user_client = app.test_client()
    tokens = sign_in(user_client, "ada@example.com")
    sign_in(client, "boss@example.com", role="admin")
    target = user_id(app, "ada@example.com")
    response = client.patch(f"/api/admin/users/{target}", json={"is_active": False})
    assert response.status_code == 200
    assert response.json["is_active"] is False
    assert user_client.get("/api/auth/me").status_code == 401
    refresh = {"Authorization": f"Bearer {tokens['refresh_token']}"}
    assert client.post("/api/auth/refresh", headers=refresh).status_code == 401
    assert log_in(client, "ada@example.com").status_code == 401


def test_reactivating_lets_the_account_log_in_but_not_reuse_old_tokens(
    app, client, sign_in
):
    """Back on, the account logs in afresh; tokens from before stay revoked."""
    user_client = app.test_client()
    sign_in(user_client, "ada@example.com")
    sign_in(client, "boss@example.com", role="admin")
    target = user_id(app, "ada@example.com")
    client.patch(f"/api/admin/users/{target}", json={"is_active": False})
    response = client.patch(f"/api/admin/users/{target}", json={"is_active": True})
    assert response.json["is_active"] is True
    assert user_client.get("/api/auth/me").status_code == 401
    assert log_in(app.test_client(), "ada@example.com").status_code == 200


def test_admins_change_roles(app, client, sign_in, make_user):
    """An admin makes a user an admin, and back."""
    make_user("ada@example.com")
    sign_in(client, "boss@example.com", role="admin")
    target = user_id(app, "ada@example.com")
    promoted = client.patch(f"/api/admin/users/{target}", json={"role": "admin"})
    assert promoted.json["role"] == "admin"
    demoted = client.patch(f"/api/admin/users/{target}", json={"role": "user"})
    assert demoted.json["role"] == "user"


def test_an_admin_cannot_demote_or_deactivate_themselves(app, client, sign_in):
    """Either change to one's own account is a 403 that changes nothing."""
    sign_in(client, "boss@example.com", role="admin")
    me = user_id(app, "boss@example.com")
    for change in ({"role": "user"}, {"is_active": False}):
        response = client.patch(f"/api/admin/users/{me}", json=change)
        assert response.status_code == 403
        assert "themselves" in response.json["error"]["message"]
    assert client.get("/api/auth/me").json["role"] == "admin"


def test_changing_users_needs_the_admin_role(app, client, sign_in, make_user):
    """A user gets 403; an unknown id 404; an unknown role or field 400."""
    make_user("ada@example.com")
    target = user_id(app, "ada@example.com")
    user_client = app.test_client()
    sign_in(user_client, "bob@example.com")
    refused = user_client.patch(f"/api/admin/users/{target}", json={"role": "admin"})
    assert refused.status_code == 403
    sign_in(client, "boss@example.com", role="admin")
    assert client.patch("/api/admin/users/999", json={}).status_code == 404
    too_big = "/api/admin/users/2147483648"
    assert client.patch(too_big, json={}).status_code == 404
    for body in ({"role": "owner"}, {"email": "x@example.com"}):
        response = client.patch(f"/api/admin/users/{target}", json=body)
        assert response.status_code == 400


def test_changing_the_password_ends_the_other_logins(app, client, sign_in):
    """The new password works, the old does not, and only the tokens the
    change answers with stay valid."""
    other = app.test_client()
    old = sign_in(other, "ada@example.com")
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {old['access_token']}"
    change = {"current_password": PASSWORD, "password": "a brand new password"}
    response = client.post("/api/auth/password/change", json=change)
    assert response.status_code == 200
    assert other.get("/api/auth/me").status_code == 401
    fresh = {"Authorization": f"Bearer {response.json['access_token']}"}
    assert app.test_client().get("/api/auth/me", headers=fresh).status_code == 200
    assert log_in(app.test_client(), "ada@example.com").status_code == 401
    new_login = {"email": "ada@example.com", "password": "a brand new password"}
    assert client.post("/api/auth/login", json=new_login).status_code == 200


def test_changing_the_password_needs_the_current_one(client, sign_in):
    """A wrong current password is a 403; a weak new one names the field."""
    sign_in(client, "ada@example.com")
    wrong = {"current_password": "not it", "password": "a brand new password"}
    assert client.post("/api/auth/password/change", json=wrong).status_code == 403
    weak = {"current_password": PASSWORD, "password": "short"}
    response = client.post("/api/auth/password/change", json=weak)
    assert response.status_code == 400
    assert "password" in response.json["error"]["fields"]
    anonymous = client.application.test_client()
    assert anonymous.post("/api/auth/password/change", json=wrong).status_code == 401


def test_tokens_issued_before_versions_existed_still_work(app, client, make_user):
    """A token without the version claim counts as version 0."""
    make_user("ada@example.com")
    target = user_id(app, "ada@example.com")
    with app.app_context():
        token = create_access_token(str(target), additional_claims={"sid": "a" * 32})
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/auth/me", headers=headers).status_code == 200
