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
from collections.abc import Iterator
from pathlib import Path

import pytest

import bakery
from matrix import BAKE_TIER_SETS, TEMPLATE, combination_id
from services import redis_keys

TESTS = Path(__file__).resolve().parent
# The tiers, each a marker and a folder, in the order a run starts them: the
# longest tests first, so that the workers finish together.
TIERS = ("lifecycle", "generated", "served", "bake", "unit")

# Variables a developer's shell may export that would change a baked app.
APP_VARIABLES = (
    "APP_ENV",
    "SECRET_KEY",
    "JWT_SECRET_KEY",
    "FLASK_APP",
    "FLASK_DEBUG",
    "LOG_LEVEL",
    "DATABASE_URL",
    "REDIS_URL",
    "TEST_DATABASE_URL",
    "TEST_REDIS_URL",
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


def schema_errors(schema: str, paths: list[Path]) -> dict[str, list[str]]:
    """Validate YAML files against one of check-jsonschema's built-in schemas.

    One process checks them all; the answer maps each failing file to its errors.
    """
    checker = str(Path(sys.executable).with_name("check-jsonschema"))
    args = [checker, "--builtin-schema", schema, "--output-format", "json"]
    result = run([*args, *map(str, paths)], TEMPLATE)
    assert result.returncode in (0, 1), result.stderr
    report = json.loads(result.stdout)
    errors: dict[str, list[str]] = {}
    for error in report.get("errors", []) + report.get("parse_errors", []):
        message = f"{error.get('path', '')}: {error.get('message', error)}"
        errors.setdefault(error.get("filename", "?"), []).append(message)
    assert errors or report["status"] == "ok", result.stdout
    return errors


def readme_command(readme: Path, heading: str) -> str:
    """The one-line shell command under a ``###`` heading of a README."""
    match = re.search(rf"### {heading}\n\n```sh\n(.+)\n```", readme.read_text())
    assert match, f"{readme} has no '{heading}' command"
    return match.group(1)


def readme_script(readme: Path, heading: str) -> str:
    """The lines of the shell block under a ``###`` heading of a README."""
    match = re.search(
        rf"### {heading}\n\n.*?```sh\n(.+?)\n```", readme.read_text(), re.S
    )
    assert match, f"{readme} has no '{heading}' commands"
    return match.group(1)


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
            pytest.fail(
                f"server exited with {process.returncode} before answering; "
                "the end of its log follows the traceback"
            )
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


class ServerLogs:
    """The logs of the servers tests start, so that a failing test can show the
    end of each one it may depend on: those its own file started, and any
    server still running."""

    def __init__(self) -> None:
        self.entries: list[tuple[subprocess.Popen, Path, Path | None]] = []
        self.test_file: Path | None = None

    def watch(self, process: subprocess.Popen, log: Path) -> None:
        """Remember a server the current test file started, and its log."""
        self.entries.append((process, log, self.test_file))

    def enter(self, test_file: Path) -> None:
        """Start a test, forgetting exited servers of other test files."""
        self.test_file = test_file
        self.entries = [
            (process, log, started_by)
            for process, log, started_by in self.entries
            if started_by == test_file or process.poll() is None
        ]

    def tails(self, lines: int = 40) -> list[tuple[Path, str]]:
        """The last lines of each remembered log that exists."""
        return [
            (log, "\n".join(log.read_text(errors="replace").splitlines()[-lines:]))
            for _, log, _ in self.entries
            if log.exists()
        ]


SERVER_LOGS = ServerLogs()


def start(args: list[str] | str, cwd: Path, env: dict, **kwargs) -> subprocess.Popen:
    """Start a server in its own process group, its output in a log file."""
    path = cwd / "server.log"
    with path.open("w") as log:
        process = subprocess.Popen(
            args,
            cwd=cwd,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            **kwargs,
        )
    SERVER_LOGS.watch(process, path)
    return process


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """One xdist worker more than there are cores.

    Much of a full run waits on servers starting and on pip; on two cores a
    third worker cut it from 4 min 27 s to about 3 min 30 s (the CPU-bound
    quick check loses a few seconds).
    """
    return (os.cpu_count() or 1) + 1


def pytest_configure(config: pytest.Config) -> None:
    """Declare the tier markers."""
    for tier in TIERS:
        config.addinivalue_line("markers", f"{tier}: a test of the {tier} tier")


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> Iterator[None]:
    """Mark each test with the tier its folder names, then order the tiers.

    Marking comes before -m selects, so ``-m "unit or bake"`` sees the tiers.
    """
    for item in items:
        item.add_marker(tier_of(item))
    yield
    items.sort(key=lambda item: TIERS.index(tier_of(item)))


def tier_of(item: pytest.Item) -> str:
    """The tier a test belongs to: its folder under tests/, and its only tier mark."""
    parts = (
        item.path.relative_to(TESTS).parts if item.path.is_relative_to(TESTS) else ()
    )
    folder = parts[0] if len(parts) > 1 else ""
    if folder not in TIERS:
        raise pytest.UsageError(
            f"{item.nodeid} is not in a tier folder ({', '.join(TIERS)})"
        )
    marks = {mark.name for mark in item.iter_markers() if mark.name in TIERS}
    if marks - {folder}:
        raise pytest.UsageError(
            f"{item.nodeid} lives in tests/{folder}/ but is marked "
            f"{', '.join(sorted(marks - {folder}))}"
        )
    return folder


BAKERY = pytest.StashKey[bakery.Bakery]()


def pytest_sessionstart(session: pytest.Session) -> None:
    """Open the run's bake cache, one folder that every xdist worker shares."""
    config = session.config
    base = config._tmp_path_factory.getbasetemp()
    worker = getattr(config, "workerinput", {}).get("workerid")
    cache = (base.parent if worker else base) / "bakes"
    cache.mkdir(exist_ok=True)
    config.stash[BAKERY] = bakery.Bakery(cache, base / "projects", worker or "main")


def pytest_terminal_summary(terminalreporter, config: pytest.Config) -> None:
    """Say how many bakes each tier made and how many the cache saved."""
    if not hasattr(config, "workerinput"):
        line = bakery.summary(config.stash[BAKERY].cache, TIERS)
        if line:
            terminalreporter.write_line(line)


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Note the tier bakes are made for and the file servers are started by."""
    item.config.stash[BAKERY].tier = tier_of(item)
    SERVER_LOGS.enter(item.path)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """Add the end of each server log the test may depend on to its failure."""
    report = yield
    if report.failed:
        for log, tail in SERVER_LOGS.tails():
            report.sections.append((f"end of {log}", tail))
    return report


@pytest.fixture(scope="session")
def bake(pytestconfig: pytest.Config) -> bakery.Bakery:
    """Bake the template with some answers and return a private copy of the project.

    ``bake.fresh(**answers)`` bakes anew, for tests that compare two bakes.
    """
    return pytestconfig.stash[BAKERY]


@pytest.fixture(scope="session", autouse=True)
def private_pytest_temproot(tmp_path_factory) -> Iterator[None]:
    """Give the pytest runs this worker starts a temporary root of their own.

    Pytest processes that share /tmp/pytest-of-<user> each clean up old numbered
    directories there, and one that finds a directory another is deleting fails
    its run.
    """
    with pytest.MonkeyPatch.context() as patch:
        root = tmp_path_factory.mktemp("inner-pytest")
        patch.setenv("PYTEST_DEBUG_TEMPROOT", str(root))
        yield


@pytest.fixture(scope="module", params=BAKE_TIER_SETS, ids=combination_id)
def baked(request, bake) -> tuple[dict, Path]:
    """One bake-tier answer set, complete, and the project baked from it."""
    return request.param, bake(**request.param)


@pytest.fixture(scope="session")
def every_bake(bake) -> list[tuple[dict, Path]]:
    """Every bake-tier answer set with its project, for checks that read them at once."""
    return [(answers, bake(**answers)) for answers in BAKE_TIER_SETS]


@pytest.fixture
def redis_prefix():
    """A Redis key prefix of this test's own; its keys are deleted afterwards."""
    with redis_keys() as prefix:
        yield prefix


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
