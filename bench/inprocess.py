"""Requests called in one process through WSGI, no server or socket: the
baked project against bare Flask doing the same work (fixtures/bare.py),
timed by wsgi_timer.py inside the project's folder."""

import json
import subprocess
import sys
from pathlib import Path

from production import production_env
from report import Row, Target

TIMER = Path(__file__).resolve().parent / "wsgi_timer.py"
ROWS = {
    "GET /healthz": ("bare Flask, a view with the same JSON", 0.9),
    "GET /": ("bare Flask, a page from a template", None),
    "JSON 404 under /api": ("bare Flask, an error handler of the same shape", 0.7),
    "GET /api/notes, 20 notes, signed in": (
        "bare Flask-SQLAlchemy, the same page and count",
        0.7,
    ),
}


def in_process(project: Path, rounds: int, workdir: Path) -> list[Row]:
    """Each route of ``project`` against bare Flask, called in one process,
    which runs inside the project's folder on a new SQLite file."""
    database = workdir / "inprocess.sqlite3"
    database.unlink(missing_ok=True)
    env = production_env(DATABASE_URL=f"sqlite:///{database}")
    upgrade = [sys.executable, "-m", "flask", "db", "upgrade"]
    subprocess.run(upgrade, cwd=project, env=env, check=True, capture_output=True)
    output = workdir / "inprocess.json"
    # The project logs each request, as served, to a file.
    with open(workdir / "inprocess.log", "w") as log:
        program = [sys.executable, str(TIMER), str(rounds), str(output)]
        subprocess.run(
            program, cwd=project, env=env, check=True, stdout=log, stderr=log
        )
    samples = json.loads(output.read_text())
    rows = []
    for name, (baseline, target) in ROWS.items():
        row = Row(
            f"In one process: {name}",
            "req/s",
            samples[name]["project"],
            samples[name]["bare"],
            baseline=baseline,
            target=Target("min", target) if target else None,
        )
        rows.append(row)
    return rows
