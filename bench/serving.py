"""A baked project and bare Flask, served side by side by the same gunicorn settings."""

import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from conftest import free_port, start, stop
from load import LoadTool, Request
from production import (
    USER,
    auth_headers,
    gunicorn,
    has_auth,
    http_post_json,
    production_env,
    worker_pids,
)
from report import Row, Target
from services import URLS, redis_keys, scratch_database, unreachable

FIXTURES = Path(__file__).resolve().parent / "fixtures"
NOTES = 50
LOGIN_LIMIT = 1_000_000


@dataclass
class Server:
    """A running gunicorn and where it answers."""

    process: subprocess.Popen
    url: str


def require(service: str) -> None:
    """Stop the bench with a clear message when a shared service is not running."""
    reason = unreachable(service)
    if reason:
        raise SystemExit(f"{reason}; or pick another --database.")


def wait_until_up(server: Server, timeout: float = 60) -> None:
    """Wait until ``server`` answers HTTP, failing if it exits first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"gunicorn for {server.url} exited; see its server.log")
        try:
            urllib.request.urlopen(server.url, timeout=2).close()
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{server.url} did not answer within {timeout:.0f}s")


def serve(project: Path, app: str, chdir: Path, log_dir: Path, env: dict) -> Server:
    """Serve ``app`` from ``chdir`` with the project's gunicorn.conf.py."""
    port = free_port()
    log_dir.mkdir(parents=True, exist_ok=True)
    if app == "wsgi:app":
        process = gunicorn(project, port, log_dir, env)
    else:
        config = str(project / "gunicorn.conf.py")
        args = [sys.executable, "-m", "gunicorn", "-c", config, "--chdir", str(chdir)]
        bind = {"GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "2"}
        process = start([*args, app], log_dir, {**env, **bind})
    server = Server(process, f"http://127.0.0.1:{port}")
    try:
        wait_until_up(server)
    except BaseException:
        stop(process)
        raise
    return server


@contextmanager
def database_url(database: str, workdir: Path) -> Iterator[str]:
    """A new empty database for the served project, dropped afterwards."""
    if database != "sqlite":
        require(database)
    with scratch_database(database, workdir) as url:
        yield url


@contextmanager
def redis_prefix() -> Iterator[str]:
    """A key prefix in the shared Redis, whose keys are deleted afterwards."""
    require("redis")
    with redis_keys() as prefix:
        yield prefix


@dataclass
class Served:
    """A project up, migrated and seeded, and what its requests need."""

    server: Server
    env: dict[str, str]
    auth: dict[str, str]


@contextmanager
def served_project(
    project: Path, database: str, workdir: Path, name: str
) -> Iterator[Served]:
    """Serve the project on a new database; stop it and drop that afterwards.

    Each project gets a database of its own, since two bakes up at once may
    migrate to different schemas, and a log folder of its own, ``name``.
    """
    with ExitStack() as stack:
        settings = {
            "DATABASE_URL": stack.enter_context(database_url(database, workdir)),
            "REDIS_URL": URLS["redis"],
            "REDIS_KEY_PREFIX": stack.enter_context(redis_prefix()),
            # The bench signs in as fast as it can; the limit would answer 429.
            "LOGIN_RATE_LIMIT": str(LOGIN_LIMIT),
        }
        env = production_env(**settings)
        upgrade = [sys.executable, "-m", "flask", "db", "upgrade"]
        subprocess.run(upgrade, cwd=project, env=env, check=True, capture_output=True)
        server = serve(project, "wsgi:app", project, workdir / name, env)
        stack.callback(stop, server.process)
        auth = auth_headers(project, http_post_json(server.url))
        post = http_post_json(server.url, auth)
        for number in range(NOTES):
            status, body = post("/api/notes", {"title": f"Note {number}", "body": "x"})
            assert status == 201, body
        yield Served(server, env, auth)


@dataclass
class Pair:
    """The project and bare Flask, both up, and what project requests need."""

    project: Server
    bare: Server
    auth: dict[str, str]
    login: bool


@contextmanager
def served_pair(project: Path, database: str, workdir: Path) -> Iterator[Pair]:
    """Serve the migrated, seeded project and bare Flask; stop both afterwards."""
    with ExitStack() as stack:
        served = stack.enter_context(
            served_project(project, database, workdir, "project")
        )
        bare = serve(project, "bare:app", FIXTURES, workdir / "bare", served.env)
        stack.callback(stop, bare.process)
        yield Pair(served.server, bare, served.auth, has_auth(project))


def resident_mb(pid: int) -> float:
    """A process's resident memory in megabytes (MiB)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def worker_memory(server: Server) -> float:
    """The mean resident memory of a server's gunicorn workers."""
    pids = worker_pids(server.process.pid)
    return sum(map(resident_mb, pids)) / len(pids)


def route_requests(pair: Pair) -> list[tuple[Row, str, Request, str]]:
    """The measured routes: each a row, the project's path and request, and
    the path of bare Flask doing the same work (bench/fixtures/bare.py)."""
    json_type = ("Content-Type", "application/json")
    login = Request("POST", json.dumps(USER).encode(), (json_type,))
    auth = tuple(pair.auth.items())
    rows = [
        (
            Row(
                "GET /healthz",
                "req/s",
                baseline="bare Flask, a view with the same JSON",
                target=Target("min", 0.9),
            ),
            "/healthz",
            Request(),
            "/healthz",
        ),
        (
            Row(
                "GET /",
                "req/s",
                baseline="bare Flask, a page from a template",
                target=Target("min", 0.7),
            ),
            "/",
            Request(),
            "/",
        ),
        (
            Row(
                "GET /api/notes, signed in",
                "req/s",
                baseline="bare Flask-SQLAlchemy, the same page and count",
            ),
            "/api/notes",
            Request(headers=auth),
            "/api/notes",
        ),
        # bcrypt's hash is most of a login's time; bare Flask has no like.
        (Row("POST /api/auth/login", "req/s"), "/api/auth/login", login, ""),
    ]
    if not pair.login:
        rows[-1][0].note = "not in this bake (no auth API)"
    return rows


def serving(
    project: Path,
    database: str,
    workdir: Path,
    load: LoadTool,
    rounds: int,
    seconds: float,
) -> tuple[list[Row], dict[str, str]]:
    """Requests per second per route and memory per worker, project against bare."""
    memory = Row(
        "Resident memory per worker",
        "MB",
        baseline="bare Flask",
        target=Target("max", 1.5),
    )
    with served_pair(project, database, workdir) as pair:
        routes = route_requests(pair)
        measured = [route for route in routes if not route[0].note]
        # Warm every cache (templates, pool connections) before counting.
        for _, path, request, bare_path in measured:
            load(pair.project.url + path, request, min(seconds, 1))
            if bare_path:
                load(pair.bare.url + bare_path, Request(), min(seconds, 1))
        for number in range(rounds):
            for row, path, request, bare_path in measured:
                sides = [(pair.project.url + path, request, row.samples)]
                if bare_path:
                    bare = (pair.bare.url + bare_path, Request(), row.baseline_samples)
                    # Each goes first in every other round.
                    sides = [sides[0], bare] if number % 2 else [bare, sides[0]]
                for url, sent, samples in sides:
                    outcome = load(url, sent, seconds)
                    samples.append(outcome.per_second)
                    if outcome.failures:
                        row.note = f"{outcome.failures} failed requests"
            memory.baseline_samples.append(worker_memory(pair.bare))
            memory.samples.append(worker_memory(pair.project))
        workers = len(worker_pids(pair.project.process.pid))
    settings = {
        "Served project": f"every option on, database {database}",
        "Gunicorn": (
            f"the project's gunicorn.conf.py for both apps ({workers} worker(s),"
            " gthread), on 127.0.0.1"
        ),
        "Sign-in": (
            f"LOGIN_RATE_LIMIT={LOGIN_LIMIT:,}; BCRYPT_LOG_ROUNDS at its default"
            " (12), whose hash is most of a login's time"
        ),
    }
    return [route[0] for route in routes] + [memory], settings


def against_rows(ref: str, commit: str) -> list[Row]:
    """The rows that put this commit's bake beside the one of ``ref`` (``commit``)."""
    return [
        Row(f"GET /api/notes: this commit vs {ref}", "req/s", baseline=commit),
        Row(f"Resident memory per worker: this commit vs {ref}", "MB", baseline=commit),
    ]


def serving_against(
    project: Path,
    earlier: Path,
    rows: list[Row],
    database: str,
    workdir: Path,
    load: LoadTool,
    rounds: int,
    seconds: float,
) -> list[Row]:
    """GET /api/notes and memory per worker of this commit's bake against ``earlier``.

    Both are up at once, each on a database of its own, and every round
    measures this commit first and then the earlier one, as serving() does
    with the project and bare Flask.
    """
    notes, memory = rows
    with ExitStack() as stack:
        sides = [
            stack.enter_context(served_project(bake, database, workdir, name))
            for bake, name in ((project, "this-commit"), (earlier, "earlier"))
        ]
        requests = [
            (side.server.url + "/api/notes", Request(headers=tuple(side.auth.items())))
            for side in sides
        ]
        for url, request in requests:
            load(url, request, min(seconds, 1))
        for _ in range(rounds):
            for (url, request), samples in zip(
                requests, (notes.samples, notes.baseline_samples), strict=True
            ):
                outcome = load(url, request, seconds)
                samples.append(outcome.per_second)
                if outcome.failures:
                    notes.note = f"{outcome.failures} failed requests"
            for side, samples in zip(
                sides, (memory.samples, memory.baseline_samples), strict=True
            ):
                samples.append(worker_memory(side.server))
    return rows
