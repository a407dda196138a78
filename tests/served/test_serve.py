"""The baked project serves under gunicorn, over HTTP and HTTPS, in production mode."""

import json
import re
import ssl
import sys

import pytest

from conftest import (
    PRODUCTION_SECRETS,
    clean_env,
    free_port,
    http,
    post_json,
    run,
    start,
    stop,
    wait_for_http,
)
from production import production_env


def gunicorn(project, port: int, **env: str):
    """Start gunicorn from the project's gunicorn.conf.py on 127.0.0.1:port."""
    args = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"]
    settings = {"GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "2", **env}
    return start(args, project, clean_env(**settings))


def test_gunicorn_serves_the_app(bake, tmp_path):
    """Gunicorn serves every page in production mode and stops cleanly on SIGTERM."""
    # Notes open to all; test_auth_flow serves them to signed-in users.
    project = bake(use_jwt=False)
    port = free_port()
    settings = {
        "APP_ENV": "production",
        **PRODUCTION_SECRETS,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'app.sqlite3'}",
    }
    upgrade = [sys.executable, "-m", "flask", "db", "upgrade"]
    result = run(upgrade, project, env=clean_env(**settings))
    assert result.returncode == 0, result.stderr
    server = gunicorn(project, port, **settings)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(f"{base}/healthz", server, timeout=30)
        status, _, body = http(f"{base}/healthz")
        assert (status, body) == (200, '{"status":"ok"}\n')
        status, _, page = http(f"{base}/")
        assert status == 200
        assert 'href="/static/css/app.css"' in page
        assert http(f"{base}/static/css/app.css")[0] == 200
        status, headers, _ = http(f"{base}/api/session/visits", method="POST")
        cookie = headers["Set-Cookie"]
        assert "Secure" in cookie
        assert "HttpOnly" in cookie
        session = cookie.split(";", 1)[0]
        # Two workers share nothing but SECRET_KEY; the signed cookie is enough.
        for expected in (2, 3, 4):
            _, headers, body = http(
                f"{base}/api/session/visits", "POST", {"Cookie": session}
            )
            assert f'"visits":{expected}' in body
            session = headers["Set-Cookie"].split(";", 1)[0]
        # Two workers share one database: every note is seen by every request.
        for title in ("first", "second", "third"):
            status, headers, _ = post_json(f"{base}/api/notes", {"title": title})
            assert status == 201
            assert http(f"{base}{headers['Location']}")[0] == 200
        status, _, body = http(f"{base}/api/notes")
        assert (status, json.loads(body)["total"]) == (200, 3)
        assert http(f"{base}/readyz")[0] == 200
        status, _, body = post_json(f"{base}/api/notes", {"title": ""})
        assert (status, json.loads(body)["error"]["fields"]) == (
            400,
            {"title": "Must not be blank."},
        )
        status, _, body = http(f"{base}/api/missing")
        assert status == 404
        assert json.loads(body)["error"]["status"] == 404
    finally:
        assert stop(server) == 0
    log = (project / "server.log").read_text()
    # Probes are logged at DEBUG, below the default level.
    assert "GET /healthz" not in log
    assert re.search(r"GET /api/missing 404 \d+\.\dms", log)
    # One line per request: gunicorn's access log would repeat the app's.
    assert log.count("GET /api/missing") == 1


def test_the_served_app_never_imports_alembic(bake, tmp_path):
    """Only `flask db` needs Alembic, so gunicorn's workers do without it."""
    project = bake(use_socketio=True, use_redis_sessions=True)
    env = production_env(DATABASE_URL=f"sqlite:///{tmp_path / 'app.sqlite3'}")
    code = "import sys, wsgi; sys.exit('alembic' in sys.modules)"
    result = run([sys.executable, "-c", code], project, env=env)
    assert result.returncode == 0, result.stderr or "wsgi.py imported alembic"


def test_gunicorn_serves_https_from_certificate_files(bake, tmp_path):
    """With GUNICORN_CERTFILE and _KEYFILE set, gunicorn speaks TLS and HSTS is sent."""
    project = bake()
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    openssl = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
    names = ["-subj", "/CN=localhost", "-keyout", str(key), "-out", str(cert)]
    assert run([*openssl, *names], tmp_path).returncode == 0
    context = ssl.create_default_context(cafile=cert)
    context.check_hostname = False
    port = free_port()
    server = gunicorn(
        project,
        port,
        APP_ENV="production",
        **PRODUCTION_SECRETS,
        GUNICORN_CERTFILE=str(cert),
        GUNICORN_KEYFILE=str(key),
    )
    url = f"https://127.0.0.1:{port}/healthz"
    try:
        wait_for_http(url, server, timeout=30, context=context)
        status, headers, _ = http(url, context=context)
        assert status == 200
        assert "max-age=" in headers["Strict-Transport-Security"]
    finally:
        stop(server)


@pytest.mark.parametrize(
    ("settings", "missing"),
    [
        ({}, "SECRET_KEY"),
        ({"SECRET_KEY": PRODUCTION_SECRETS["SECRET_KEY"]}, "JWT_SECRET_KEY"),
    ],
)
def test_gunicorn_refuses_to_start_without_its_secrets(bake, settings, missing):
    """Production without SECRET_KEY or JWT_SECRET_KEY exits at once, naming it."""
    project = bake()
    server = gunicorn(project, free_port(), **settings)
    try:
        exit_code = server.wait(timeout=60)
    finally:
        stop(server)
    assert exit_code != 0
    assert f"{missing} must be set" in (project / "server.log").read_text()
