"""Real Celery workers build the exports of a bake served by gunicorn in
production mode, on Redis and on RabbitMQ, and a worker killed in the middle
of a job does not lose it."""

import json
import os
import queue
import re
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit

import pytest
import redis
import socketio

from conftest import SERVER_LOGS, TESTS, http, post_json, run, stop
from production import (
    answers,
    auth_headers,
    http_post_json,
    production_env,
    realtime_server,
    served_on_scratch_services,
    worker_pids,
)
from services import URLS, require_service, skip_or_fail

BROKERS = ["redis", "rabbitmq"]
# The command that manages the RabbitMQ node: this machine's rabbitmqctl, or,
# for a node in a container, e.g. "docker exec <container> rabbitmqctl".
RABBITMQCTL = shlex.split(os.environ.get("FLASK_STARTER_RABBITMQCTL") or "rabbitmqctl")
# Seconds a worker may take to start and build a small export.
DEADLINE = 60
# One pool process, so that the one running a job is easy to find. A worker
# alone on its own queue has no peers to sync with at start or to gossip with.
WORKER_OPTIONS = [
    "--concurrency=1",
    "--loglevel=INFO",
    "--without-gossip",
    "--without-mingle",
]
# The module a slow worker loads instead of wsgi: the bake's Celery app, with
# the first export held up long past any deadline of these tests, so that it
# is surely running when its process is killed. The marker file says that a
# run has started, and in which process; later runs go through at once.
SLOW_JOBS = '''\
"""The bake's Celery app, whose first export waits a minute in its query."""

import os
import time
from pathlib import Path

from wsgi import app, celery  # noqa: F401
from {package}.jobs import exports

MARKER = Path({marker!r})
quick_notes = exports.exported_notes


def exported_notes(export):
    if not MARKER.exists():
        MARKER.write_text(str(os.getpid()))
        time.sleep(60)
    return quick_notes(export)


exports.exported_notes = exported_notes
'''
# Where each record of a worker's log starts: the app's format (core/logs.py),
# or Celery's own, which its pool processes use.
RECORD = re.compile(
    r"^(?=\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ |\[\d{4}-\d\d-\d\d )", re.M
)
TRACEBACK = "Traceback (most recent call last):"
# What the worker logs when the process running a job dies of SIGKILL.
LOST = "WorkerLostError('Worker exited prematurely: signal 9 (SIGKILL)"
NOTE = {"title": "Exported by a worker", "body": "Once, whatever happens."}
# A second user, beside the one the fixture signs in, whose connection must
# not hear of the first one's exports.
OTHER_USER = {"email": "other@example.com", "password": "another horse, same staple"}


@dataclass
class Jobs:
    """A served bake with background jobs, and the workers a test starts for it."""

    project: Path
    url: str
    env: dict[str, str] = field(repr=False)
    logs: Path
    # How many jobs wait in the bake's own queue, on this test's broker.
    waiting: Callable[[], int] = field(repr=False)
    headers: dict[str, str] = field(default_factory=dict, repr=False)
    workers: list[subprocess.Popen] = field(default_factory=list, repr=False)

    def start_worker(self, app: str = "wsgi:celery") -> subprocess.Popen:
        """Start ``python -m celery -A app worker`` in the bake's folder,
        with the app's settings; its log goes to logs/worker-N.log."""
        log = self.logs / f"worker-{len(self.workers) + 1}.log"
        args = [sys.executable, "-m", "celery", "-A", app, "worker", *WORKER_OPTIONS]
        with log.open("w") as output:
            worker = subprocess.Popen(
                args,
                cwd=self.project,
                env=self.env,
                stdout=output,
                stderr=subprocess.STDOUT,
                # Its own process group, so that the whole worker can be
                # killed at once, pool processes included.
                start_new_session=True,
            )
        SERVER_LOGS.watch(worker, log)
        self.workers.append(worker)
        return worker

    def add_note(self) -> None:
        """Create NOTE as the signed-in user."""
        status, _, body = post_json(f"{self.url}/api/notes", NOTE, self.headers)
        assert status == 201, body

    def ask_for_export(self) -> str:
        """POST an export; return its URL."""
        status, headers, body = post_json(f"{self.url}/api/exports", {}, self.headers)
        assert status == 202, body
        assert json.loads(body)["status"] == "pending"
        return urljoin(self.url, headers["Location"])

    def export(self, url: str) -> dict:
        """The export at ``url``, as the API shows it."""
        status, _, body = http(url, headers=self.headers)
        assert status == 200, body
        return json.loads(body)

    def wait_until_finished(self, url: str, worker: subprocess.Popen) -> dict:
        """The export once it is no longer pending, failing if ``worker``
        exits or DEADLINE passes first."""
        deadline = time.monotonic() + DEADLINE
        while (export := self.export(url))["status"] == "pending":
            assert worker.poll() is None, f"the worker exited with {worker.returncode}"
            assert time.monotonic() < deadline, f"still pending after {DEADLINE}s"
            time.sleep(0.1)
        return export

    def slow_worker(self) -> tuple[subprocess.Popen, Path]:
        """Start a worker whose first export waits a minute (see SLOW_JOBS);
        return it and the marker file that run writes its process id to."""
        marker = self.logs / "first-run.pid"
        module = self.logs / "slow_jobs.py"
        package = answers(self.project)["package_name"]
        module.write_text(SLOW_JOBS.format(package=package, marker=str(marker)))
        return self.start_worker("slow_jobs:celery"), marker


@contextmanager
def rabbitmq_vhost() -> Iterator[str]:
    """The URL of a new RabbitMQ virtual host, deleted afterwards: the queues
    in it are this test's alone."""
    require_service("rabbitmq")
    if shutil.which(RABBITMQCTL[0]) is None:
        skip_or_fail(
            f"{RABBITMQCTL[0]}, which makes the tests' virtual hosts, is not on "
            "PATH; FLASK_STARTER_RABBITMQCTL names another command"
        )
    parts = urlsplit(URLS["rabbitmq"])
    vhost = f"template-test-{uuid.uuid4().hex}"
    added = rabbitmqctl("add_vhost", vhost)
    if added.returncode != 0:
        skip_or_fail(f"rabbitmqctl could not add a virtual host: {added.stderr}")
    try:
        allowed = rabbitmqctl(
            "set_permissions", "-p", vhost, parts.username or "guest", ".*", ".*", ".*"
        )
        assert allowed.returncode == 0, allowed.stderr
        yield parts._replace(path="/" + quote(vhost, safe="")).geturl()
    finally:
        deleted = rabbitmqctl("delete_vhost", vhost)
        assert deleted.returncode == 0, deleted.stderr


def rabbitmqctl(*args: str) -> subprocess.CompletedProcess:
    """Run rabbitmqctl, which manages the RabbitMQ node the tests use."""
    return run([*RABBITMQCTL, "--quiet", *args], TESTS, timeout=60)


def rabbitmq_waiting(vhost_url: str) -> Callable[[], int]:
    """How many messages wait, unacknowledged or not, in a virtual host's
    celery queue."""
    vhost = urlsplit(vhost_url).path[1:]

    def waiting() -> int:
        listed = rabbitmqctl(
            "list_queues", "-p", vhost, "--no-table-headers", "name", "messages"
        )
        assert listed.returncode == 0, listed.stderr
        queues = dict(line.split() for line in listed.stdout.splitlines())
        return int(queues.get("celery", 0))

    return waiting


def redis_waiting(prefix: str) -> Callable[[], int]:
    """How many messages wait in the celery queue under a Redis key prefix."""

    def waiting() -> int:
        with redis.Redis.from_url(URLS["redis"]) as client:
            return client.llen(f"{prefix}celery")

    return waiting


@contextmanager
def broker_settings(broker: str) -> Iterator[dict[str, str]]:
    """The app's settings that choose the broker; none for Redis at REDIS_URL."""
    if broker == "redis":
        yield {}
    else:
        with rabbitmq_vhost() as url:
            yield {"CELERY_BROKER_URL": url}


@pytest.fixture
def jobs(bake, broker, tmp_path) -> Iterator[Jobs]:
    """A bake with background jobs served in production mode on a new SQLite
    file, with Redis keys and, on RabbitMQ, a virtual host of its own; no
    worker runs yet. Redis keeps the results on either broker."""
    with served_jobs(bake(use_celery=True), broker, tmp_path) as jobs:
        yield jobs


@pytest.fixture
def realtime_jobs(bake, tmp_path) -> Iterator[Jobs]:
    """As ``jobs``, on Redis, for a bake that also has Socket.IO, whose
    events go through Redis under the same key prefix."""
    project = bake(use_celery=True, use_socketio=True)
    with served_jobs(project, "redis", tmp_path) as jobs:
        yield jobs


@contextmanager
def served_jobs(project: Path, broker: str, tmp_path: Path) -> Iterator[Jobs]:
    """Serve a bake with background jobs as the ``jobs`` fixture says, with
    the API's USER signed in; stop its workers and server afterwards."""
    with (
        broker_settings(broker) as chosen,
        served_on_scratch_services(project, tmp_path, **chosen) as (port, settings),
    ):
        url = f"http://127.0.0.1:{port}"
        waiting = (
            redis_waiting(settings["REDIS_KEY_PREFIX"])
            if broker == "redis"
            else rabbitmq_waiting(settings["CELERY_BROKER_URL"])
        )
        # The bake's folder for wsgi, this test's folder for slow_jobs.
        path = os.pathsep.join([str(project), str(tmp_path)])
        env = production_env(**settings, PYTHONPATH=path)
        jobs = Jobs(project, url, env, tmp_path, waiting)
        jobs.headers = auth_headers(project, http_post_json(url))
        try:
            yield jobs
        finally:
            for worker in jobs.workers:
                stop(worker)


def sign_in(url: str, user: dict[str, str]) -> str:
    """Register ``user`` with the bake at ``url`` and log in; the access token."""
    assert post_json(f"{url}/api/auth/register", user)[0] == 202
    status, _, body = post_json(f"{url}/api/auth/login", user)
    assert status == 200, body
    return json.loads(body)["access_token"]


@contextmanager
def export_events(url: str, token: str) -> Iterator[queue.Queue]:
    """A Socket.IO connection to ``url`` as the user of ``token``, over
    WebSocket; the queue its ``export_ready`` events arrive in."""
    client = socketio.Client(reconnection=False)
    welcomed = threading.Event()
    events: queue.Queue = queue.Queue()
    client.on("welcome", lambda _: welcomed.set())
    client.on("export_ready", events.put)
    client.connect(
        url, transports=["websocket"], auth={"token": token}, wait_timeout=10
    )
    try:
        # The server puts a connection in its user's room before it sends
        # the welcome: only then can it be told of an export.
        assert welcomed.wait(10), "the server did not welcome the connection"
        yield events
        # Still connected: a connection that dropped hears nothing either.
        assert client.connected
    finally:
        client.disconnect()


def wait_for_subscriber(channel: str) -> None:
    """Wait until something listens on a Redis channel, within DEADLINE."""
    deadline = time.monotonic() + DEADLINE
    with redis.Redis.from_url(URLS["redis"]) as client:
        while client.pubsub_numsub(channel)[0][1] == 0:
            assert time.monotonic() < deadline, f"no one listens on {channel}"
            time.sleep(0.05)


def tracebacks(log: Path) -> list[str]:
    """The first line of each record in a worker's log that has a traceback."""
    records = RECORD.split(log.read_text(errors="replace"))
    return [record.partition("\n")[0] for record in records if TRACEBACK in record]


def shut_down(worker: subprocess.Popen) -> int:
    """SIGTERM to the worker's main process, as a container stop sends it: a
    warm shutdown. Its exit code."""
    worker.terminate()
    return worker.wait(timeout=30)


def wait_for_file(path: Path, worker: subprocess.Popen) -> str:
    """The text of ``path`` once it exists, failing if ``worker`` exits or
    DEADLINE passes first."""
    deadline = time.monotonic() + DEADLINE
    while not path.exists() or not (text := path.read_text()):
        assert worker.poll() is None, f"the worker exited with {worker.returncode}"
        assert time.monotonic() < deadline, f"no {path.name} after {DEADLINE}s"
        time.sleep(0.05)
    return text


@pytest.mark.parametrize("broker", BROKERS)
def test_an_export_asked_for_while_no_worker_runs_is_built_once_one_starts(
    jobs, broker
):
    """An export waits, pending in the bake's own queue, until a worker starts
    and builds it; the worker then shuts down cleanly."""
    jobs.add_note()
    location = jobs.ask_for_export()
    for _ in range(4):
        assert jobs.export(location)["status"] == "pending"
        time.sleep(0.25)
    # In this test's queue: under its key prefix, or in its virtual host.
    assert jobs.waiting() == 1, "the job is not in the bake's queue"
    worker = jobs.start_worker()
    export = jobs.wait_until_finished(location, worker)
    assert export["status"] == "done", export
    assert [(n["title"], n["body"]) for n in export["notes"]] == [
        (NOTE["title"], NOTE["body"])
    ]
    assert shut_down(worker) == 0
    assert jobs.waiting() == 0
    assert tracebacks(jobs.logs / "worker-1.log") == []


@pytest.mark.parametrize("broker", BROKERS)
def test_a_job_whose_pool_process_is_killed_runs_again_in_the_next_one(jobs, broker):
    """SIGKILL to the process running an export gives the job back to the
    queue; the worker's fresh pool process builds it, not marked failed."""
    jobs.add_note()
    location = jobs.ask_for_export()
    assert jobs.waiting() == 1
    worker, marker = jobs.slow_worker()
    running = int(wait_for_file(marker, worker))
    assert worker_pids(worker.pid) == [running]
    os.kill(running, signal.SIGKILL)
    export = jobs.wait_until_finished(location, worker)
    assert (export["status"], export["message"]) == ("done", None), export
    assert [n["title"] for n in export["notes"]] == [NOTE["title"]]
    # The same worker built it, in a new pool process.
    assert worker.poll() is None
    assert running not in worker_pids(worker.pid)
    assert shut_down(worker) == 0
    assert jobs.waiting() == 0
    # The worker received the job twice, lost one process, and logged no
    # other error.
    log = jobs.logs / "worker-1.log"
    assert len(re.findall(r"build_export\[[-0-9a-f]+\] received", log.read_text())) == 2
    [lost] = tracebacks(log)
    assert LOST in lost


@pytest.mark.parametrize("broker", ["rabbitmq"])
def test_a_job_whose_whole_worker_is_killed_runs_on_the_next_worker(jobs, broker):
    """SIGKILL to a whole worker mid-export closes its connection, so RabbitMQ
    gives the unacknowledged job back; a worker started afterwards builds it."""
    # Not on Redis, which watches no connection: there the job of a vanished
    # worker returns after the transport's visibility timeout, an hour.
    jobs.add_note()
    location = jobs.ask_for_export()
    assert jobs.waiting() == 1
    first, marker = jobs.slow_worker()
    wait_for_file(marker, first)
    os.killpg(first.pid, signal.SIGKILL)
    first.wait(timeout=10)
    assert jobs.export(location)["status"] == "pending"
    second = jobs.start_worker()
    export = jobs.wait_until_finished(location, second)
    assert (export["status"], export["message"]) == ("done", None), export
    assert [n["title"] for n in export["notes"]] == [NOTE["title"]]
    assert shut_down(second) == 0
    assert jobs.waiting() == 0
    assert tracebacks(jobs.logs / "worker-2.log") == []


def test_a_worker_tells_only_the_owner_s_connections_that_an_export_is_ready(
    realtime_jobs,
):
    """The worker's export_ready reaches, through Redis, the Socket.IO
    connection of the user who asked for the export, not another user's."""
    jobs = realtime_jobs
    worker = jobs.start_worker()
    owner = jobs.headers["Authorization"].removeprefix("Bearer ")
    other = sign_in(jobs.url, OTHER_USER)
    with (
        realtime_server(jobs.project, jobs.logs / "realtime", jobs.env) as realtime,
        export_events(realtime, owner) as owner_events,
        export_events(realtime, other) as other_events,
    ):
        # The realtime server subscribes to the Socket.IO channel in a thread it starts
        # at the first connection; an event published before then is lost.
        wait_for_subscriber(f"{jobs.env['REDIS_KEY_PREFIX']}socketio")
        location = jobs.ask_for_export()
        export_id = jobs.export(location)["id"]
        try:
            event = owner_events.get(timeout=DEADLINE)
        except queue.Empty:
            assert worker.poll() is None, f"the worker exited with {worker.returncode}"
            pytest.fail(f"no export_ready within {DEADLINE}s")
        assert event == {"id": export_id, "status": "done"}
        assert jobs.export(location)["status"] == "done"
        # gunicorn hands one message from Redis to every connection it is
        # for at once, so the other user's would have come with it; a second
        # is to spare.
        with pytest.raises(queue.Empty):
            other_events.get(timeout=1)
        assert owner_events.empty()
    assert shut_down(worker) == 0
    assert tracebacks(jobs.logs / "worker-1.log") == []
