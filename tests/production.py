"""A bake served by gunicorn in production mode, and JSON requests to it."""

import json
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from conftest import (
    PRODUCTION_SECRETS,
    clean_env,
    free_port,
    run,
    start,
    stop,
    wait_for_http,
)
from services import URLS, redis_keys, scratch_database

# The user the reliability tests and the bench sign in as, where a bake has auth.
USER = {"email": "load@example.com", "password": "correct horse battery staple"}

# Sends a JSON body to a path; returns the status and the decoded JSON answer.
PostJson = Callable[[str, dict], tuple[int, object]]


def answers(project: Path) -> dict:
    """The answers a bake recorded in its .cookiecutter.json."""
    return json.loads((project / ".cookiecutter.json").read_text())["cookiecutter"]


def production_env(**settings: str) -> dict[str, str]:
    """A clean environment for a production-mode app with test secrets."""
    return clean_env(APP_ENV="production", **PRODUCTION_SECRETS, **settings)


def gunicorn(
    project: Path, port: int, log_dir: Path, env: dict[str, str]
) -> subprocess.Popen:
    """Start gunicorn from the bake's own gunicorn.conf.py on 127.0.0.1:port.

    Its log goes to ``log_dir/server.log``, so several servers of one bake
    keep separate logs.
    """
    args = [sys.executable, "-m", "gunicorn", "-c", str(project / "gunicorn.conf.py")]
    args += ["--chdir", str(project), "wsgi:app"]
    settings = {"GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "2"}
    return start(args, log_dir, {**settings, **env})


@contextmanager
def realtime_server(project: Path, log_dir: Path, env: dict[str, str]) -> Iterator[str]:
    """Serve the bake's realtime.conf.py (its Socket.IO server) beside its
    HTTP server, with the same settings; yield its URL, stop it afterwards."""
    port = free_port()
    config = str(project / "realtime.conf.py")
    args = [sys.executable, "-m", "gunicorn", "-c", config, "--chdir", str(project)]
    log_dir.mkdir(parents=True, exist_ok=True)
    bind = {"REALTIME_BIND": f"127.0.0.1:{port}"}
    server = start([*args, "wsgi:app"], log_dir, {**env, **bind})
    try:
        wait_for_http(f"http://127.0.0.1:{port}/readyz", server, timeout=60)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(server)


@contextmanager
def served_in_production(
    project: Path, log_dir: Path, **settings: str
) -> Iterator[int]:
    """Migrate the bake's database and serve it; yield its port on 127.0.0.1.

    ``settings`` are the app's environment beside the test secrets; gunicorn
    is stopped afterwards.
    """
    env = production_env(**settings)
    upgrade = run([sys.executable, "-m", "flask", "db", "upgrade"], project, env=env)
    assert upgrade.returncode == 0, upgrade.stderr
    port = free_port()
    server = gunicorn(project, port, log_dir, env)
    try:
        wait_for_http(f"http://127.0.0.1:{port}/healthz", server, timeout=60)
        yield port
    finally:
        stop(server)


@contextmanager
def served_on_scratch_services(
    project: Path, workdir: Path, **settings: str
) -> Iterator[tuple[int, dict[str, str]]]:
    """Serve the bake on a new SQLite database and Redis keys of its own.

    Yields the port and the app's settings, ``settings`` included.
    """
    with redis_keys() as prefix, scratch_database("sqlite", workdir) as url:
        services = {"DATABASE_URL": url, "REDIS_URL": URLS["redis"]}
        settings = {**services, "REDIS_KEY_PREFIX": prefix, **settings}
        with served_in_production(project, workdir, **settings) as port:
            yield port, settings


def documented_operations(document: dict) -> set[tuple[str, str]]:
    """(method, path) of each operation an OpenAPI document describes."""
    methods = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
    return {
        (method, path)
        for path, item in document["paths"].items()
        for method in item
        if method in methods
    }


def worker_pids(master: int) -> list[int]:
    """The process ids of a gunicorn master's workers."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text()
    return [int(pid) for pid in children.split()]


def http_post_json(base_url: str, headers: dict[str, str] | None = None) -> PostJson:
    """A PostJson that talks HTTP to a server at ``base_url``, adding ``headers``."""

    def post(path: str, body: dict) -> tuple[int, object]:
        request = urllib.request.Request(
            base_url + path,
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json", **(headers or {})},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())

    return post


def auth_headers(project: Path, post_json: PostJson) -> dict[str, str]:
    """Headers that sign requests in as USER, registering it first; none without auth.

    Only bakes with the JWT auth API (use_jwt) have users who sign in; there
    /api/notes requires a bearer token. Beyond signing in, the tests and the
    bench only name auth routes in their route lists.
    """
    if not has_auth(project):
        return {}
    status, body = post_json("/api/auth/register", USER)
    assert status == 202, body
    status, body = post_json("/api/auth/login", USER)
    assert status == 200, body
    return {"Authorization": f"Bearer {body['access_token']}"}


def has_auth(project: Path) -> bool:
    """Whether the bake has the JWT auth API."""
    return bool(answers(project).get("use_jwt"))
