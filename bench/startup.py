"""Cold start of the app and wall time of the generated test suite."""

import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path

from conftest import clean_env
from production import production_env
from report import Row
from services import URLS, scratch_database

FIXTURES = Path(__file__).resolve().parent / "fixtures"
# Timed inside a fresh interpreter, so interpreter start-up is left out.
IMPORT_TIMER = (
    "import time\n"
    "started = time.perf_counter()\n"
    "import {module}\n"
    "print(time.perf_counter() - started)\n"
)


def import_seconds(module: str, cwd: Path, env: dict[str, str]) -> float:
    """Seconds a new interpreter takes to import ``module``."""
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_TIMER.format(module=module)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return float(result.stdout)


def import_times(project: Path, rounds: int, workdir: Path) -> list[Row]:
    """Importing wsgi.py (create_app()) against importing bare Flask (bench/fixtures/bare.py)."""
    row = Row("Cold import of create_app()", "ms", baseline="bare Flask")
    # Bytecode caches are written by the first import and used by the rest,
    # as on a deployed server.
    env = production_env(
        DATABASE_URL=f"sqlite:///{workdir / 'import.sqlite3'}",
        REDIS_URL=URLS["redis"],
    )
    env.pop("PYTHONDONTWRITEBYTECODE")
    import_seconds("wsgi", project, env)
    import_seconds("bare", FIXTURES, env)
    for _ in range(rounds):
        row.baseline_samples.append(import_seconds("bare", FIXTURES, env) * 1000)
        row.samples.append(import_seconds("wsgi", project, env) * 1000)
    return [row]


def suite_seconds(project: Path, database: str, workdir: Path) -> float:
    """Wall time of one run of a bake's own test suite, which must pass."""
    args = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q"]
    env = clean_env(REQUIRE_SERVICES="1")
    with ExitStack() as stack:
        if database in ("postgresql", "mysql"):
            url = stack.enter_context(scratch_database(database, workdir))
            env["TEST_DATABASE_URL"] = url
        started = time.perf_counter()
        result = subprocess.run(
            args, cwd=project, env=env, capture_output=True, text=True, timeout=600
        )
        elapsed = time.perf_counter() - started
    if result.returncode:
        raise RuntimeError(f"{project.name}'s tests failed:\n{result.stdout[-3000:]}")
    return elapsed


def suite_times(
    projects: dict[str, tuple[Path, str]], rounds: int, workdir: Path
) -> list[Row]:
    """Wall time of each bake's test suite, run in turn ``rounds`` times."""
    rows = {name: Row(f"Generated test suite, {name}", "s") for name in projects}
    for _ in range(rounds):
        for name, (project, database) in projects.items():
            rows[name].samples.append(suite_seconds(project, database, workdir))
    return list(rows.values())
