"""The template README's and the generated README's commands, run literally
in fresh virtual environments."""

import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import (
    SERVER_LOGS,
    clean_env,
    free_port,
    http,
    readme_command,
    readme_script,
    run,
    start,
    stop,
    wait_for_http,
)
from matrix import TEMPLATE
from services import require_service


@pytest.mark.xdist_group("venv")
def test_readme_bake_command_works_from_a_clone(tmp_path):
    """The README's bake command, with Enter at every prompt, bakes a working project."""
    clone = tmp_path / "flask-starter"
    shutil.copytree(
        TEMPLATE,
        clone,
        ignore=shutil.ignore_patterns(".git", ".venv", "*cache*", "__pycache__"),
    )
    result = subprocess.run(
        readme_command(TEMPLATE / "README.md", "Bake a project"),
        shell=True,
        cwd=clone,
        env=clean_env(),
        input="\n" * 40,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    project = tmp_path / "my-flask-app"
    assert (project / "my_flask_app" / "__init__.py").is_file()
    tests = run(
        [str(clone / ".venv" / "bin" / "python"), "-m", "pytest", "-q"], project
    )
    assert tests.returncode == 0, tests.stdout[-3000:]


@pytest.mark.xdist_group("venv")
def test_readme_commands_work_in_a_fresh_virtual_environment(bake):
    """The README's run and test commands work literally on a fresh checkout."""
    project = bake()
    port = free_port()
    env = clean_env(FLASK_RUN_PORT=str(port))
    server = start(
        readme_command(project / "README.md", "Run it"), project, env, shell=True
    )
    try:
        # The first run creates .venv and installs the project before serving.
        wait_for_http(f"http://127.0.0.1:{port}/healthz", server, timeout=300)
        status, _, page = http(f"http://127.0.0.1:{port}/")
        assert status == 200
        assert "<h1>My Flask App</h1>" in page
        # The run command created the schema before serving. The curl
        # examples, as written but for the port, sign up, log in, keep the
        # token and use it.
        curl = readme_script(project / "README.md", "Try it with curl")
        curl = curl.replace("127.0.0.1:8000", f"127.0.0.1:{port}")
        tried = run(["bash", "-euo", "pipefail", "-c", curl], project, env=env)
        assert tried.returncode == 0, tried.stdout + tried.stderr
        assert '"email":"ada@example.com"' in tried.stdout.replace(" ", "")
        assert '"title":"Groceries"' in tried.stdout.replace(" ", "")
        assert '"total":1' in tried.stdout.replace(" ", "")
        assert '"visits":1' in tried.stdout.replace(" ", "")
        assert '"openapi": "3.1.0"' in tried.stdout
    finally:
        stop(server)
    result = run(
        readme_command(project / "README.md", "Test it"),
        project,
        timeout=600,
        shell=True,
    )
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-5000:]
    assert re.search(r"\d+ passed", result.stdout)
    # `flask secrets` comes from the installed project's entry point, and works
    # while the app could not start for want of the secrets it adds.
    (project / ".env").unlink()
    flask = str(project / ".venv" / "bin" / "flask")
    added = run([flask, "secrets"], project, env=clean_env(APP_ENV="production"))
    assert added.returncode == 0, added.stdout + added.stderr
    assert "Added SECRET_KEY, JWT_SECRET_KEY to .env." in added.stdout


def test_readme_jobs_commands_build_an_export_and_run_the_cleanup(
    bake, redis_prefix, tmp_path
):
    """The Background jobs section's commands, as written, start a worker that
    builds the export its curl example asks for, and beat, which has the
    worker run the cleanup."""
    require_service("redis")
    project = bake(use_celery=True)
    readme = project / "README.md"
    # The template's virtual environment holds every dependency of the bake;
    # the README's commands run its programs as .venv/bin/...
    (project / ".venv").symlink_to(Path(sys.prefix))
    port = free_port()
    env = clean_env(FLASK_RUN_PORT=str(port), REDIS_KEY_PREFIX=redis_prefix)
    # "Run it" without its install: upgrade the database, then serve.
    run_it = readme_command(readme, "Run it")
    steps = run_it[run_it.index(".venv/bin/flask db upgrade") :]
    processes = []

    def start_logged(command: str, name: str, **settings: str) -> Path:
        log = tmp_path / f"{name}.log"
        with log.open("w") as output:
            process = subprocess.Popen(
                command,
                shell=True,
                cwd=project,
                env={**env, **settings},
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        SERVER_LOGS.watch(process, log)
        processes.append(process)
        return log

    try:
        start_logged(steps, "server")
        wait_for_http(f"http://127.0.0.1:{port}/healthz", processes[0], timeout=60)
        worker = start_logged(readme_command(readme, "Start a worker"), "worker")
        wait_for_line(worker, "ready.")
        curl = readme_script(readme, "Try it with curl")
        curl += "\n" + readme_script(readme, "Try an export with curl")
        curl = curl.replace("127.0.0.1:8000", f"127.0.0.1:{port}")
        tried = run(["bash", "-euo", "pipefail", "-c", curl], project, env=env)
        assert tried.returncode == 0, tried.stdout + tried.stderr
        assert '"id":1' in tried.stdout.replace(" ", "")
        wait_for_line(worker, "export 1 done")
        # As the README suggests, a short interval shows the cleanup soon.
        start_logged(readme_command(readme, "Start beat"), "beat", CLEANUP_INTERVAL="1")
        wait_for_line(worker, "cleaned up: {'forget_old_exports': 0")
    finally:
        for process in processes:
            stop(process)


def wait_for_line(log: Path, text: str, timeout: float = 60) -> None:
    """Wait until a process's log holds ``text``."""
    deadline = time.monotonic() + timeout
    while text not in log.read_text():
        assert time.monotonic() < deadline, f"no {text!r} in {log}:\n{log.read_text()}"
        time.sleep(0.2)
