"""A real worker process builds an export queued through the test Redis."""

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
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


@pytest.fixture
def start_worker(
    service_settings: dict[str, str], tmp_path: Path
) -> Iterator[Callable[[], subprocess.Popen[bytes]]]:
    """Start `celery -A wsgi:celery worker` with the tests' settings."""
    workers = []
    log = tmp_path / "worker.log"

    def start_worker() -> subprocess.Popen[bytes]:
        command = [sys.executable, "-m", "celery", "-A", "wsgi:celery", "worker"]
        command += ["--concurrency=1", "--loglevel=INFO"]
        with log.open("ab") as output:
            worker = subprocess.Popen(
                command,
                cwd=PROJECT,
                env={**os.environ, **service_settings},
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        workers.append(worker)
        return worker

    yield start_worker
    for worker in workers:
        # SIGTERM: a warm shutdown, which lets a running job finish.
        worker.terminate()
        worker.wait(timeout=30)


def test_a_job_queued_before_any_worker_runs_when_one_starts(
    app, api_client, start_worker
):
    """The export waits, pending, then a worker started later builds it."""
    app.extensions["celery"].conf.task_always_eager = False
    api_client.post("/api/notes", json={"title": "to export"})
    location = api_client.post("/api/exports").headers["Location"]
    assert api_client.get(location).json["status"] == "pending"
    worker = start_worker()
    deadline = time.monotonic() + DEADLINE
    export = api_client.get(location).json
    while export["status"] == "pending" and time.monotonic() < deadline:
        assert worker.poll() is None, "the worker exited"
        time.sleep(0.2)
        export = api_client.get(location).json
    assert export["status"] == "done"
    assert [note["title"] for note in export["notes"]] == ["to export"]
