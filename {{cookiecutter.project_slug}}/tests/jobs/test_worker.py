"""A real worker process builds an export queued through the test Redis."""

import os
import select
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import make_url

PROJECT = Path(__file__).resolve().parents[2]
# Seconds a worker may take to start and build a small export.
DEADLINE = 60


@pytest.fixture
def database_url(database_url: str, tmp_path: Path) -> str:
    """The test database; an in-memory one becomes a file, as it would be
    private to this process, and the worker is another."""
    url = make_url(database_url)
    if url.database in (None, "", ":memory:"):
        url = url.set(database=str(tmp_path / "jobs.db"))
    return url.render_as_string(hide_password=False)


class Worker:
    """A `celery -A wsgi:celery worker` process with the tests' settings."""

    def __init__(self, settings: dict[str, str]) -> None:
        command = [sys.executable, "-m", "celery", "-A", "wsgi:celery", "worker"]
        command += ["--concurrency=1", "--loglevel=INFO"]
        self.process = subprocess.Popen(
            command,
            cwd=PROJECT,
            env={**os.environ, **settings},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        self.log = b""

    def wait_for_line(self, *words: str, timeout: float) -> None:
        """Read the worker's log until a line holds each of ``words``.

        The test waits on what the worker says, not on a clock: select()
        returns as soon as output arrives.
        """
        assert self.process.stdout is not None
        output = self.process.stdout.fileno()
        deadline = time.monotonic() + timeout
        while not any(all(word in line for word in words) for line in self.lines()):
            remaining = max(0.0, deadline - time.monotonic())
            ready, _, _ = select.select([output], [], [], remaining)
            chunk = os.read(output, 65536) if ready else b""
            assert chunk, f"no {' '.join(words)} from the worker:\n{self.log.decode()}"
            self.log += chunk

    def lines(self) -> list[str]:
        """What the worker has logged so far, line by line."""
        return self.log.decode(errors="replace").splitlines()

    def stop(self) -> None:
        """SIGTERM: a warm shutdown, which lets a running job finish; SIGKILL
        for a worker that has not stopped within 30 seconds."""
        self.process.terminate()
        try:
            self.process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.communicate()


@pytest.fixture
def start_worker(service_settings: dict[str, str]) -> Iterator[Callable[[], Worker]]:
    """Start workers when the test asks; stop them afterwards."""
    workers: list[Worker] = []

    def start_worker() -> Worker:
        workers.append(Worker(service_settings))
        return workers[-1]

    yield start_worker
    for worker in workers:
        worker.stop()


def test_a_job_queued_before_any_worker_runs_when_one_starts(
    app, api_client, start_worker
):
    """The export waits, pending, then a worker started later builds it."""
    app.extensions["celery"].conf.task_always_eager = False
    api_client.post("/api/notes", json={"title": "to export"})
    # Queued from another thread, as gunicorn's threads answer requests.
    with ThreadPoolExecutor(max_workers=1) as thread:
        response = thread.submit(api_client.post, "/api/exports").result()
    location = response.headers["Location"]
    assert api_client.get(location).json["status"] == "pending"
    start_worker().wait_for_line("build_export", "succeeded", timeout=DEADLINE)
    export = api_client.get(location).json
    assert export["status"] == "done"
    assert [note["title"] for note in export["notes"]] == ["to export"]
