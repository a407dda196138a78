"""The accounts API under gunicorn, from a plain HTTP client, per database."""

import json
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import (
    PRODUCTION_SECRETS,
    clean_env,
    free_port,
    http,
    post_json,
    run,
    stop,
    wait_for_http,
)
from production import gunicorn
from services import scratch_database

PASSWORD = "a password long enough"
ADMIN_PASSWORD = "the admin's own password"


class Server:
    """A baked project under gunicorn with two workers, restartable."""

    def __init__(self, project, settings: dict[str, str]) -> None:
        self.project = project
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = clean_env(**settings)
        self.process = None

    def start(self) -> None:
        self.process = gunicorn(self.project, self.port, self.project, self.env)
        wait_for_http(f"{self.url}/healthz", self.process, timeout=30)

    def stop(self) -> None:
        assert stop(self.process) == 0

    def post(self, path: str, body: dict | None = None, token: str | None = None):
        """POST JSON, presenting ``token``; return (status, headers, parsed body)."""
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        status, response_headers, text = post_json(self.url + path, body or {}, headers)
        return status, response_headers, json.loads(text) if text else None

    def get(self, path: str, token: str):
        """GET with ``token``; return (status, parsed body)."""
        headers = {"Authorization": f"Bearer {token}"}
        status, _, text = http(self.url + path, headers=headers)
        return status, json.loads(text)


@pytest.fixture(params=["sqlite", "postgresql", "mysql"])
def server(request, bake, tmp_path):
    """A migrated project with an admin made by `flask create-admin`, served."""
    backend = request.param
    project = bake(database=backend, use_jwt=True)
    with scratch_database(backend, tmp_path) as url:
        settings = {"APP_ENV": "production", **PRODUCTION_SECRETS, "DATABASE_URL": url}
        flask = [sys.executable, "-m", "flask"]
        for command, extra in [
            (["db", "upgrade"], {}),
            (["create-admin", "Boss@Example.com"], {"ADMIN_PASSWORD": ADMIN_PASSWORD}),
        ]:
            env = clean_env(**settings, **extra)
            result = run([*flask, *command], project, env=env)
            assert result.returncode == 0, result.stdout + result.stderr
        server = Server(project, settings)
        server.start()
        try:
            yield server
        finally:
            if server.process.poll() is None:
                server.stop()


def test_the_whole_account_flow(server):
    """Register, log in, me, refresh, admin checks, logout; revocation outlives a restart."""
    account = {"email": "ada@example.com", "password": PASSWORD}
    status, _, received = server.post("/api/auth/register", account)
    assert status == 202
    # A taken address gets the very same answer.
    assert server.post("/api/auth/register", account)[::2] == (202, received)

    status, _, tokens = server.post("/api/auth/login", account)
    assert status == 200
    status, me = server.get("/api/auth/me", tokens["access_token"])
    assert (status, me["email"], me["role"]) == (200, "ada@example.com", "user")

    status, _, refreshed = server.post(
        "/api/auth/refresh", token=tokens["refresh_token"]
    )
    assert status == 200
    assert server.get("/api/auth/me", refreshed["access_token"])[0] == 200
    assert server.post("/api/auth/refresh", token=tokens["access_token"])[0] == 401

    status, body = server.get("/api/admin/users", tokens["access_token"])
    assert (status, body["error"]["status"]) == (403, 403)

    assert server.post("/api/auth/logout", token=tokens["access_token"])[0] == 204
    for token in (tokens["access_token"], refreshed["access_token"]):
        status, body = server.get("/api/auth/me", token)
        assert (status, "revoked" in body["error"]["message"]) == (401, True)

    # Revocations live in the database: a restart does not bring tokens back.
    server.stop()
    server.start()
    assert server.get("/api/auth/me", tokens["access_token"])[0] == 401
    assert server.post("/api/auth/refresh", token=tokens["refresh_token"])[0] == 401

    admin = {"email": "boss@example.com", "password": ADMIN_PASSWORD}
    status, _, admin_tokens = server.post("/api/auth/login", admin)
    assert status == 200
    status, users = server.get("/api/admin/users", admin_tokens["access_token"])
    assert status == 200
    assert {user["email"] for user in users["items"]} == {
        "boss@example.com",
        "ada@example.com",
    }


def test_repeated_bad_logins_end_in_429_across_workers(server):
    """Failures are counted in the database both workers share: the sixth try is
    refused whichever worker takes it."""
    wrong = {"email": "boss@example.com", "password": "not the password"}
    statuses = [server.post("/api/auth/login", wrong)[0] for _ in range(5)]
    assert statuses == [401] * 5
    right = {"email": "boss@example.com", "password": ADMIN_PASSWORD}
    status, headers, body = server.post("/api/auth/login", right)
    assert (status, body["error"]["status"]) == (429, 429)
    assert 1 <= int(headers["Retry-After"]) <= 60


def test_guesses_sent_at_once_cannot_slip_under_the_limit(server):
    """Each attempt is counted before its password is checked, so of twelve
    simultaneous guesses at most five are checked at all."""
    wrong = {"email": "boss@example.com", "password": "not the password"}
    with ThreadPoolExecutor(12) as pool:
        results = list(
            pool.map(lambda _: server.post("/api/auth/login", wrong), range(12))
        )
    statuses = sorted(status for status, _, _ in results)
    assert statuses.count(401) <= 5
    assert set(statuses) <= {401, 429}, statuses
