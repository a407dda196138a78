"""Addresses compare exactly on every database: an accent makes another one."""

from ..conftest import PASSWORD


def test_addresses_that_differ_in_an_accent_are_different_accounts(client, make_user):
    """rené@ and rene@ are two accounts, each logging in with its own password."""
    make_user("rené@example.com")
    make_user("rene@example.com", password="another password here")
    first = {"email": "rené@example.com", "password": PASSWORD}
    second = {"email": "rene@example.com", "password": "another password here"}
    assert client.post("/api/auth/login", json=first).status_code == 200
    assert client.post("/api/auth/login", json=second).status_code == 200
    assert (
        client.post(
            "/api/auth/login", json={**second, "password": PASSWORD}
        ).status_code
        == 401
    )
