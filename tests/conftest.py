"""Fixtures and helpers shared by the template's tests."""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis
from sqlalchemy import create_engine, make_url, text

from matrix import TEMPLATE

# Variables a developer's shell may export that would change a baked app.
APP_VARIABLES = (
    "APP_ENV",
    "SECRET_KEY",
    "JWT_SECRET_KEY",
    "FLASK_APP",
    "FLASK_DEBUG",
    "LOG_LEVEL",
)
# The secrets a production bake refuses to start without; a bake without
# accounts ignores JWT_SECRET_KEY.
PRODUCTION_SECRETS = {"SECRET_KEY": "0123456789abcdef" * 4, "JWT_SECRET_KEY": "f" * 64}


def clean_env(**extra: str) -> dict[str, str]:
    """This process's environment without app settings, plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if k not in APP_VARIABLES}
    env.pop("VIRTUAL_ENV", None)
    # Bytecode caches would land in the bakes the tests compare and grep.
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.update(extra)
    return env


def run(
    args: list[str] | str, cwd: Path, timeout: float = 300, **kwargs
) -> subprocess.CompletedProcess:
    """Run a command to completion, capturing its output as text."""
    kwargs.setdefault("env", clean_env())
    return subprocess.run(
        args,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        **kwargs,
    )


def tree(root: Path) -> dict[str, bytes]:
    """Every file below ``root`` but .env and .git, by relative path, with its bytes."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and path.name != ".env" and ".git" not in path.parts
    }


def check_schema(schema: str, path: Path) -> None:
    """Validate a YAML file against one of check-jsonschema's built-in schemas."""
    checker = str(Path(sys.executable).with_name("check-jsonschema"))
    result = run([checker, "--builtin-schema", schema, str(path)], path.parent)
    assert result.returncode == 0, result.stdout + result.stderr


def readme_command(readme: Path, heading: str) -> str:
    """The one-line shell command under a ``###`` heading of a README."""
    match = re.search(rf"### {heading}\n\n```sh\n(.+)\n```", readme.read_text())
    assert match, f"{readme} has no '{heading}' command"
    return match.group(1)


# The shared services on this machine, and how to start each one.
SERVICES = {
    "postgresql": (
        5432,
        "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start",
    ),
    "mysql": (
        3306,
        "start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd",
    ),
    "redis": (
        6379,
        "redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379"
        " --save '' --appendonly no",
    ),
}
# Where the tests create and drop their own databases.
ADMIN_URLS = {
    "postgresql": "postgresql+psycopg://postgres@127.0.0.1:5432/postgres",
    "mysql": "mysql+pymysql://root@127.0.0.1:3306/mysql?charset=utf8mb4",
}


def require_service(name: str) -> None:
    """Skip unless the service answers on 127.0.0.1; with REQUIRE_SERVICES=1, fail."""
    port, start_command = SERVICES[name]
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    except OSError:
        message = (
            f"{name} is not running on 127.0.0.1:{port}; start it: {start_command}"
        )
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(message)
        pytest.skip(message)


@contextmanager
def scratch_database(backend: str, tmp_path: Path) -> Iterator[str]:
    """The URL of a new, uniquely named, empty database, dropped afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'scratch.sqlite3'}"
        return
    require_service(backend)
    name = f"flask_starter_{uuid.uuid4().hex[:12]}"
    admin = create_engine(ADMIN_URLS[backend], isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    try:
        yield (
            make_url(ADMIN_URLS[backend])
            .set(database=name)
            .render_as_string(hide_password=False)
        )
    finally:
        force = " WITH (FORCE)" if backend == "postgresql" else ""
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE {name}{force}"))
        admin.dispose()


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http(
    url: str,
    method: str = "GET",
    headers: dict | None = None,
    context=None,
    data: bytes | None = None,
):
    """Send one request; return (status, headers, body text), errors included."""
    request = urllib.request.Request(
        url, data=data, method=method, headers=headers or {}
    )
    try:
        with urllib.request.urlopen(request, timeout=5, context=context) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def post_json(url: str, body: dict, headers: dict | None = None):
    """POST ``body`` as JSON; return (status, headers, body text)."""
    headers = {"Content-Type": "application/json", **(headers or {})}
    return http(url, "POST", headers, data=json.dumps(body).encode())


def wait_for_http(
    url: str, process: subprocess.Popen, timeout: float, context=None
) -> None:
    """Wait until ``url`` answers, failing early if ``process`` exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"server exited with {process.returncode} before answering")
        try:
            http(url, context=context)
            return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"{url} did not answer within {timeout:.0f}s")


def stop(process: subprocess.Popen, timeout: float = 30) -> int:
    """Send SIGTERM to a process group started by ``start`` and wait for it."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
    try:
        return process.wait(timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        raise


def start(args: list[str] | str, cwd: Path, env: dict, **kwargs) -> subprocess.Popen:
    """Start a server in its own process group, its output in a log file."""
    log = (cwd / "server.log").open("w")
    return subprocess.Popen(
        args,
        cwd=cwd,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        **kwargs,
    )


@contextmanager
def redis_keys() -> Iterator[str]:
    """A key prefix in the shared Redis, whose keys are deleted afterwards."""
    require_service("redis")
    prefix = f"template-test-{uuid.uuid4().hex}:"
    yield prefix
    client = redis.Redis("127.0.0.1", SERVICES["redis"][0])
    for key in client.scan_iter(f"{prefix}*"):
        client.delete(key)
    client.close()


@pytest.fixture
def redis_prefix():
    """A Redis key prefix of this test's own; its keys are deleted afterwards."""
    with redis_keys() as prefix:
        yield prefix


@pytest.fixture(scope="session")
def bake(cookies_session):
    """Bake the template with some answers and return the project's path."""

    def bake(**answers) -> Path:
        result = cookies_session.bake(extra_context=answers, template=str(TEMPLATE))
        assert result.exit_code == 0, result.exception
        return result.project_path

    return bake


@pytest.fixture
def cookiecutter_cli(tmp_path):
    """Run the cookiecutter command with a private config, as a user would."""
    config = tmp_path / "cookiecutter-config.yaml"
    config.write_text(
        f"cookiecutters_dir: {tmp_path / 'cookiecutters'}\n"
        f"replay_dir: {tmp_path / 'replay'}\n"
    )
    cookiecutter = Path(sys.executable).with_name("cookiecutter")

    def cookiecutter_cli(*args: str, cwd: Path = tmp_path):
        env = clean_env(COOKIECUTTER_CONFIG=str(config))
        return run([str(cookiecutter), *args], cwd=cwd, env=env, timeout=120)

    return cookiecutter_cli
