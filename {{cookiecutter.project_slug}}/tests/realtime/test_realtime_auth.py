"""Socket.IO connections must present a valid access token."""

import logging

import pytest


@pytest.fixture
def connect(app):
    """Open a Socket.IO test connection with an ``auth`` payload."""
    clients = []

    def connect(auth):
        sio = app.extensions["socketio"].test_client(app, auth=auth)
        clients.append(sio)
        return sio

    yield connect
    for sio in clients:
        if sio.is_connected():
            sio.disconnect()


def test_a_valid_access_token_is_welcomed(client, sign_in, connect):
    """The token goes in the auth payload, as browsers cannot set headers."""
    sio = connect({"token": sign_in(client)["access_token"]})
    assert sio.is_connected()
    assert [event["name"] for event in sio.get_received()] == ["welcome"]


@pytest.mark.parametrize("auth", [None, {}, {"token": 42}, {"token": "not.a.token"}])
def test_connections_without_a_valid_token_are_refused(connect, auth):
    """No payload, no token, or garbage: the connection is refused."""
    assert not connect(auth).is_connected()


def test_a_refresh_token_cannot_connect(client, sign_in, connect):
    """Only access tokens open connections."""
    assert not connect({"token": sign_in(client)["refresh_token"]}).is_connected()


def test_a_revoked_token_cannot_connect(client, sign_in, connect):
    """After logout, the login's tokens open no connections."""
    token = sign_in(client)["access_token"]
    client.post("/api/auth/logout")
    assert not connect({"token": token}).is_connected()


def test_a_refused_connection_is_logged_once(connect, caplog):
    """One line says who was refused, and why."""
    caplog.set_level(logging.INFO)
    connect({"token": "not.a.token"})
    [refusal] = [r.getMessage() for r in caplog.records if "refused" in r.getMessage()]
    assert refusal.startswith("refused a connection from ")
    assert refusal.endswith(": no valid access token")
