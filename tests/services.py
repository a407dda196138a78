"""Where the template's tests find PostgreSQL, MariaDB, Redis and RabbitMQ,
and how they borrow them without disturbing anyone else's data."""

import functools
import os
import re
import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import redis
from sqlalchemy import create_engine, make_url, text


@dataclass(frozen=True)
class Service:
    """A service the tests use: where to find it, and how to start it here."""

    variable: str
    default_url: str
    default_port: int
    start_command: str


SERVICES = {
    "postgresql": Service(
        "FLASK_STARTER_POSTGRESQL_URL",
        "postgresql+psycopg://postgres@127.0.0.1:5432/postgres",
        5432,
        "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start",
    ),
    "mysql": Service(
        "FLASK_STARTER_MYSQL_URL",
        "mysql+pymysql://root@127.0.0.1:3306/mysql?charset=utf8mb4",
        3306,
        "start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd",
    ),
    "redis": Service(
        "FLASK_STARTER_REDIS_URL",
        "redis://127.0.0.1:6379/0",
        6379,
        "redis-server --daemonize yes --bind 127.0.0.1 --port 6379 "
        "--save '' --appendonly no",
    ),
    "rabbitmq": Service(
        "FLASK_STARTER_RABBITMQ_URL",
        "amqp://guest:guest@127.0.0.1:5672//",
        5672,
        "rabbitmq-server -detached",
    ),
}
# Each service's URL. The database URLs name a database from which the tests
# may create and drop others.
URLS = {
    name: os.environ.get(service.variable) or service.default_url
    for name, service in SERVICES.items()
}
# The start of every database name the tests create, so a shared server's
# administrator can tell them apart (and clean up after a killed run).
DATABASE_PREFIX = os.environ.get("FLASK_STARTER_DATABASE_PREFIX") or "flask_starter_"
if not re.fullmatch(r"[a-z_][a-z0-9_]{0,40}", DATABASE_PREFIX):
    raise pytest.UsageError(
        f"FLASK_STARTER_DATABASE_PREFIX {DATABASE_PREFIX!r} must be lowercase "
        "letters, digits and underscores, starting with a letter or underscore."
    )


def address(name: str) -> tuple[str, int]:
    """The host and port a service's URL points at."""
    parts = urlsplit(URLS[name])
    return parts.hostname or "localhost", parts.port or SERVICES[name].default_port


@functools.cache
def unreachable(name: str) -> str | None:
    """Why a service cannot be reached, or None; asked once per process."""
    host, port = address(name)
    try:
        socket.create_connection((host, port), timeout=2).close()
    except OSError as error:
        service = SERVICES[name]
        remedy = (
            f"start a server there or change {service.variable}"
            if os.environ.get(service.variable)
            else f"start it ({service.start_command}) or set {service.variable}"
        )
        return (
            f"{name} is not reachable at {host}:{port} "
            f"({error.strerror or error}); {remedy}"
        )
    return None


def require_service(name: str) -> None:
    """Skip unless the service answers; with REQUIRE_SERVICES=1, fail."""
    reason = unreachable(name)
    if reason is not None:
        skip_or_fail(reason)


def skip_or_fail(reason: str) -> None:
    """Skip the test for a missing service, or fail it with REQUIRE_SERVICES=1."""
    if os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


@contextmanager
def scratch_database(
    backend: str, tmp_path: Path, create: bool = True
) -> Iterator[str]:
    """The URL of a new, uniquely named, empty database, dropped afterwards.

    With ``create=False`` the server has no such database yet: the URL's user
    is expected to create it.
    """
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'scratch.sqlite3'}"
        return
    require_service(backend)
    name = f"{DATABASE_PREFIX}{uuid.uuid4().hex[:12]}"
    admin = create_engine(URLS[backend], isolation_level="AUTOCOMMIT")
    if create:
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
            connection.execute(text(f"DROP DATABASE IF EXISTS {name}{force}"))
        admin.dispose()


@contextmanager
def redis_keys() -> Iterator[str]:
    """A key prefix in the shared Redis, whose keys are deleted afterwards."""
    require_service("redis")
    prefix = f"template-test-{uuid.uuid4().hex}:"
    try:
        yield prefix
    finally:
        client = redis.Redis.from_url(URLS["redis"])
        for key in client.scan_iter(f"{prefix}*"):
            client.delete(key)
        client.close()
