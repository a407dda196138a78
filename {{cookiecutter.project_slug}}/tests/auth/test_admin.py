"""Roles: the admin API, the role decorator and the create-admin command."""

import pytest
from sqlalchemy import select

from {{ cookiecutter.package_name }}.auth.models import User
from {{ cookiecutter.package_name }}.auth.roles import role_required
from {{ cookiecutter.package_name }}.database.models import db

PASSWORD = "an admin's password"


def test_users_need_the_admin_role(client, sign_in):
    """A signed-in user without the role gets a JSON 403."""
    sign_in(client)
    response = client.get("/api/admin/users")
    assert response.status_code == 403
    assert response.json["error"] == {
        "status": 403,
        "message": "This needs the admin role.",
    }


def test_anonymous_requests_get_401(client):
    """Without a token the answer is 401, not 403."""
    assert client.get("/api/admin/users").status_code == 401


def test_admins_list_the_accounts_a_page_at_a_time(client, sign_in, make_user):
    """The list is paged like the other list endpoints, oldest account first."""
    make_user("first@example.com")
    sign_in(client, "boss@example.com", role="admin")
    response = client.get("/api/admin/users?per_page=1")
    assert response.status_code == 200
    assert [user["email"] for user in response.json["items"]] == ["first@example.com"]
    assert (response.json["total"], response.json["pages"]) == (2, 2)
    assert "password_hash" not in response.json["items"][0]


def test_the_decorator_guards_any_role_and_keeps_the_view_name(app, client, sign_in):
    """role_required works for roles of your own and wraps with functools.wraps."""

    @role_required("auditor")
    def audit_log() -> dict[str, str]:
        """The audit log."""
        return {"log": "empty"}

    assert (audit_log.__name__, audit_log.__doc__) == ("audit_log", "The audit log.")
    app.add_url_rule("/api/audit", view_func=audit_log)
    sign_in(client, "ada@example.com")
    assert client.get("/api/audit").status_code == 403
    sign_in(client, "auditor@example.com", role="auditor")
    assert client.get("/api/audit").json == {"log": "empty"}


def admin_logs_in(client, email: str) -> int:
    """Log in as ``email`` with PASSWORD and return the admin list's status."""
    credentials = {"email": email, "password": PASSWORD}
    token = client.post("/api/auth/login", json=credentials).json["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    status: int = client.get("/api/admin/users", headers=headers).status_code
    return status


def test_create_admin_takes_the_password_from_the_environment(runner, client):
    """ADMIN_PASSWORD supplies the password, so scripts can run the command."""
    result = runner.invoke(
        args=["create-admin", "Boss@Example.com"], env={"ADMIN_PASSWORD": PASSWORD}
    )
    assert result.exit_code == 0, result.output
    assert "boss@example.com" in result.output
    assert admin_logs_in(client, "boss@example.com") == 200


def test_create_admin_asks_for_the_password_twice(runner, client, monkeypatch):
    """Without ADMIN_PASSWORD it prompts, hiding the input, and confirms."""
    monkeypatch.delenv("ADMIN_PASSWORD", raising=False)
    result = runner.invoke(
        args=["create-admin", "boss@example.com"], input=f"{PASSWORD}\n{PASSWORD}\n"
    )
    assert result.exit_code == 0, result.output
    assert PASSWORD not in result.output
    assert admin_logs_in(client, "boss@example.com") == 200


def test_create_admin_leaves_an_existing_account_alone(app, runner, make_user):
    """Anyone may have registered the address: promoting it takes --promote."""
    make_user("ada@example.com")
    result = runner.invoke(
        args=["create-admin", "ada@example.com"], env={"ADMIN_PASSWORD": PASSWORD}
    )
    assert result.exit_code == 1
    assert "--promote" in result.output
    with app.app_context():
        user = db.session.scalars(
            select(User).where(User.email == "ada@example.com")
        ).one()
        assert user.role == "user"


def test_create_admin_promotes_an_existing_account(app, runner, make_user):
    """With --promote, an existing account keeps its password and becomes an admin."""
    make_user("ada@example.com")
    result = runner.invoke(args=["create-admin", "--promote", "ada@example.com"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalars(
            select(User).where(User.email == "ada@example.com")
        ).one()
        assert user.role == "admin"


@pytest.mark.parametrize(
    ("email", "password", "says"),
    [
        ("not-an-email", PASSWORD, "e-mail address"),
        ("boss@example.com", "short", "at least 8 characters"),
    ],
)
def test_create_admin_refuses_bad_input_and_creates_nothing(
    app, runner, email, password, says
):
    """A bad address or a weak password fails with a message and no account."""
    result = runner.invoke(
        args=["create-admin", email], env={"ADMIN_PASSWORD": password}
    )
    assert result.exit_code != 0
    assert says in result.output
    with app.app_context():
        assert db.session.scalars(select(User)).all() == []
