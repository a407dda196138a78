"""Accounts by e-mail under gunicorn, mailing a real SMTP server (aiosmtpd)."""

import json
import re
import sys
import threading
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller

from conftest import (
    PRODUCTION_SECRETS,
    clean_env,
    free_port,
    post_json,
    run,
    stop,
    wait_for_http,
)
from production import gunicorn
from services import scratch_database

PASSWORD = "a password long enough"
NEW_PASSWORD = "a brand new password"
TOKEN = re.compile(r"token=([A-Za-z0-9_-]+)")


class Inbox:
    """aiosmtpd's handler: every message received, parsed."""

    def __init__(self) -> None:
        self.messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope) -> str:
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.messages.append(message)
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list:
        with self.lock:
            return [m for m in self.messages if m["To"] == address]

    def token(self, address: str) -> str:
        """The token in the latest mail to ``address``."""
        text = self.to(address)[-1].get_body(preferencelist=("plain",)).get_content()
        return TOKEN.search(text).group(1)


@pytest.fixture
def inbox():
    """A real SMTP server on a free port; yields its inbox and port."""
    handler = Inbox()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


@pytest.fixture
def served(bake, tmp_path, inbox):
    """A migrated use_email bake under gunicorn (two workers), in production,
    mailing the test's SMTP server; yields a post function."""
    project = bake(use_email=True)
    with scratch_database("sqlite", tmp_path) as url:
        settings = {
            "APP_ENV": "production",
            **PRODUCTION_SECRETS,
            "DATABASE_URL": url,
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": str(inbox[1]),
            "MAIL_DEFAULT_SENDER": "App <app@example.com>",
            "PUBLIC_URL": "https://app.example.com",
        }
        env = clean_env(**settings)
        upgrade = run(
            [sys.executable, "-m", "flask", "db", "upgrade"], project, env=env
        )
        assert upgrade.returncode == 0, upgrade.stdout + upgrade.stderr
        port = free_port()
        server = gunicorn(project, port, tmp_path, env)
        base = f"http://127.0.0.1:{port}"
        wait_for_http(f"{base}/healthz", server, timeout=60)

        def post(path: str, body: dict, token: str | None = None):
            headers = {"Authorization": f"Bearer {token}"} if token else {}
            status, response_headers, text = post_json(base + path, body, headers)
            return status, response_headers, json.loads(text) if text else None

        try:
            yield post
        finally:
            stop(server)


def test_verification_and_reset_by_mail(served, inbox):
    """Register, verify by the mailed link once; a taken address answers alike;
    forget, reset by the mailed link once; tokens from before are refused."""
    post = served
    mails, _ = inbox
    ada = {"email": "ada@example.com", "password": PASSWORD}
    status, _, registered = post("/api/auth/register", ada)
    assert status == 202
    [verify_mail] = mails.to("ada@example.com")
    assert (
        "https://app.example.com/verify-email?token="
        in verify_mail.get_body(preferencelist=("html",)).get_content()
    )
    token = mails.token("ada@example.com")
    assert post("/api/auth/verify", {"token": token})[0] == 204
    assert post("/api/auth/verify", {"token": token})[0] == 400

    # A taken address is indistinguishable from a new one; its owner is told.
    taken = post("/api/auth/register", {**ada, "password": "someone else's"})
    new = post("/api/auth/register", {"email": "bob@example.com", "password": PASSWORD})
    assert (taken[0], taken[2]) == (new[0], new[2]) == (202, registered)
    assert mails.to("ada@example.com")[-1]["Subject"] == (
        "Someone tried to register with your address"
    )

    status, _, tokens = post("/api/auth/login", ada)
    assert status == 200
    known = post("/api/auth/password/forgot", {"email": "ada@example.com"})
    unknown = post("/api/auth/password/forgot", {"email": "nobody@example.com"})
    assert (known[0], known[2]) == (unknown[0], unknown[2])
    assert known[0] == 202
    assert mails.to("nobody@example.com") == []
    reset_token = mails.token("ada@example.com")
    reset = {"token": reset_token, "password": NEW_PASSWORD}
    assert post("/api/auth/password/reset", reset)[0] == 204
    assert post("/api/auth/password/reset", reset)[0] == 400
    # The refresh token issued before the reset is refused after it.
    assert post("/api/auth/refresh", {}, token=tokens["refresh_token"])[0] == 401
    assert post("/api/auth/login", ada)[0] == 401
    assert post("/api/auth/login", {**ada, "password": NEW_PASSWORD})[0] == 200


def test_forty_failed_logins_against_forty_emails_meet_a_429(served):
    """One client spraying one password over many addresses is held back by
    the per-client limit, whichever worker answers."""
    post = served
    statuses = []
    for number in range(40):
        wrong = {"email": f"spray{number}@example.com", "password": "Summer2026!"}
        status, headers, _ = post("/api/auth/login", wrong)
        statuses.append(status)
        if status == 429:
            assert int(headers["Retry-After"]) >= 1
    assert statuses[:20] == [401] * 20
    assert set(statuses[20:]) == {429}


def test_a_bake_without_email_has_no_mail_code(bake):
    """use_email=false leaves no mail package, dependency or route behind."""
    project = bake(use_email=False)
    package = project / project.name.replace("-", "_")
    assert not (package / "mail").exists()
    assert not (package / "accounts").exists()
    text = "\n".join(
        path.read_text(encoding="utf-8")
        for path in project.rglob("*")
        if path.is_file() and path.suffix in {".py", ".toml", ".md", ".example", ".yml"}
    )
    for trace in ("flask_mailman", "flask-mailman", "MAIL_SERVER", "/api/auth/verify"):
        assert trace not in text
