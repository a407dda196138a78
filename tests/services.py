"""Where the template's tests find PostgreSQL, MariaDB and Redis, and how they
borrow them without disturbing anyone else's data."""

import functools
import os
import re
import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import redis
from sqlalchemy import create_engine, make_url, text

# Each service's URL, from the environment or this machine's local server. The
# database URLs name a database the tests may create and drop others from.
URLS = {
    "postgresql": os.environ.get("FLASK_STARTER_POSTGRESQL_URL")
    or "postgresql+psycopg://postgres@127.0.0.1:5432/postgres",
    "mysql": os.environ.get("FLASK_STARTER_MYSQL_URL")
    or "mysql+pymysql://root@127.0.0.1:3306/mysql?charset=utf8mb4",
    "redis": os.environ.get("FLASK_STARTER_REDIS_URL") or "redis://127.0.0.1:6379/0",
}
REDIS_URL = URLS["redis"]
# The start of every database name the tests create, so a shared server's
# administrator can tell them apart (and clean up after a killed run).
DATABASE_PREFIX = os.environ.get("FLASK_STARTER_DATABASE_PREFIX") or "flask_starter_"
if not re.fullmatch(r"[a-z_][a-z0-9_]{0,40}", DATABASE_PREFIX):
    raise pytest.UsageError(
        f"FLASK_STARTER_DATABASE_PREFIX {DATABASE_PREFIX!r} must be lowercase "
        "letters, digits and underscores, starting with a letter or underscore."
    )
# How to start each local server when it is not running.
START_COMMANDS = {
    "postgresql": "pg_ctlcluster --skip-systemctl-redirect "
    "$(ls /etc/postgresql) main start",
    "mysql": "start-stop-daemon --start --oknodo --background "
    "--exec /usr/sbin/mariadbd",
    "redis": "redis-server --daemonize yes --bind 127.0.0.1 --port 6379 "
    "--save '' --appendonly no",
}
VARIABLES = {
    "postgresql": "FLASK_STARTER_POSTGRESQL_URL",
    "mysql": "FLASK_STARTER_MYSQL_URL",
    "redis": "FLASK_STARTER_REDIS_URL",
}


DEFAULT_PORTS = {"postgresql": 5432, "mysql": 3306, "redis": 6379}


def address(name: str) -> tuple[str, int]:
    """The host and port a service's URL points at."""
    parts = urlsplit(URLS[name])
    return parts.hostname or "localhost", parts.port or DEFAULT_PORTS[name]


@functools.cache
def unreachable(name: str) -> str | None:
    """Why a service cannot be reached, or None; asked once per process."""
    host, port = address(name)
    try:
        socket.create_connection((host, port), timeout=2).close()
    except OSError as error:
        return (
            f"{name} is not reachable at {host}:{port} ({error.strerror or error}); "
            f"start it ({START_COMMANDS[name]}) or set {VARIABLES[name]}"
        )
    return None


def require_service(name: str) -> None:
    """Skip unless the service answers; with REQUIRE_SERVICES=1, fail."""
    reason = unreachable(name)
    if reason is None:
        return
    if os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


@contextmanager
def scratch_database(backend: str, tmp_path: Path) -> Iterator[str]:
    """The URL of a new, uniquely named, empty database, dropped afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'scratch.sqlite3'}"
        return
    require_service(backend)
    name = f"{DATABASE_PREFIX}{uuid.uuid4().hex[:12]}"
    admin = create_engine(URLS[backend], isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    try:
        yield (
            make_url(URLS[backend])
            .set(database=name)
            .render_as_string(hide_password=False)
        )
    finally:
        force = " WITH (FORCE)" if backend == "postgresql" else ""
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE {name}{force}"))
        admin.dispose()


@contextmanager
def redis_keys() -> Iterator[str]:
    """A key prefix in the shared Redis, whose keys are deleted afterwards."""
    require_service("redis")
    prefix = f"template-test-{uuid.uuid4().hex}:"
    yield prefix
    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(f"{prefix}*"):
        client.delete(key)
    client.close()
