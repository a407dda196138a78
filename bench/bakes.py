"""Baking with the cookiecutter command: the template against a one-file floor."""

import importlib.metadata
import io
import shutil
import subprocess
import sys
import tarfile
import time
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

from conftest import clean_env
from matrix import ALL_OPTIONS, TEMPLATE
from report import Row

FLOOR = Path(__file__).resolve().parent / "fixtures" / "floor"
# Every option on. use_jwt is passed before the template has it too: cookiecutter
# ignores answers its cookiecutter.json does not ask for.
ALL_ANSWERS = ALL_OPTIONS | {
    "database": "postgresql",
    "use_jwt": True,
    "use_docker": True,
    "ci": "github",
}


def bake(template: Path, output: Path, answers: dict, workdir: Path) -> Path:
    """Bake ``template`` into ``output`` as a user would, without prompts."""
    config = workdir / "cookiecutter-config.yaml"
    if not config.exists():
        config.write_text(
            f"cookiecutters_dir: {workdir / 'cookiecutters'}\n"
            f"replay_dir: {workdir / 'replay'}\n"
        )
    cookiecutter = Path(sys.executable).with_name("cookiecutter")
    pairs = [f"{name}={value}" for name, value in answers.items()]
    args = [str(cookiecutter), "--no-input", "--output-dir", str(output)]
    subprocess.run(
        [*args, str(template), *pairs],
        env=clean_env(COOKIECUTTER_CONFIG=str(config)),
        capture_output=True,
        check=True,
        timeout=120,
    )
    (project,) = output.iterdir()
    return project


def timed_bake(template: Path, answers: dict, workdir: Path) -> float:
    """Seconds one bake takes, into a fresh folder that is removed afterwards."""
    output = workdir / "timed-bake"
    started = time.perf_counter()
    bake(template, output, answers, workdir)
    elapsed = time.perf_counter() - started
    shutil.rmtree(output)
    return elapsed


def bake_times(rounds: int, workdir: Path) -> list[Row]:
    """Bake the floor, the defaults and every option in turn, ``rounds`` times."""
    floor: list[float] = []
    # No targets: most of a bake's time is cookiecutter's, not the template's.
    rows = [
        Row("Bake, defaults", "s", baseline="one-file template"),
        Row("Bake, all options", "s", baseline="one-file template"),
    ]
    # One bake of each first, so no round pays for a cold disk cache.
    for template, answers in ((FLOOR, {}), (TEMPLATE, {}), (TEMPLATE, ALL_ANSWERS)):
        timed_bake(template, answers, workdir)
    for _ in range(rounds):
        floor.append(timed_bake(FLOOR, {}, workdir))
        rows[0].samples.append(timed_bake(TEMPLATE, {}, workdir))
        rows[1].samples.append(timed_bake(TEMPLATE, ALL_ANSWERS, workdir))
    for row in rows:
        row.baseline_samples = floor
    return rows


def commit_of(ref: str) -> str:
    """The short id of the template's commit at ``ref``, checked before any bake."""
    args = ["git", "-C", str(TEMPLATE), "rev-parse", "--verify", "--short"]
    result = subprocess.run(
        [*args, f"{ref}^{{commit}}"], capture_output=True, text=True, check=False
    )
    if result.returncode:
        raise SystemExit(f"--against {ref}: no such commit in {TEMPLATE}")
    return result.stdout.strip()


def bake_at(commit: str, answers: dict, workdir: Path) -> Path:
    """Bake the template as committed at ``commit`` with ``answers``.

    git archive exports the commit into the workdir, so the repository gains
    no worktree, and the export goes with the workdir.
    """
    archive = subprocess.run(
        ["git", "-C", str(TEMPLATE), "archive", commit],
        capture_output=True,
        check=True,
    ).stdout
    template = workdir / "earlier-template"
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(template, filter="data")
    project = bake(template, workdir / "earlier", answers, workdir)
    unmet = unmet_dependencies(project)
    if unmet:
        raise SystemExit(
            f"The bake of {commit} needs {', '.join(unmet)}, which {sys.prefix} lacks;"
            " the bench serves every bake from there."
        )
    return project


def unmet_dependencies(project: Path) -> list[str]:
    """The bake's dependencies that this interpreter lacks or has at another version.

    The bench serves every bake from the interpreter it runs on, so an
    earlier commit's bake runs on today's libraries: that works only while
    its pyproject.toml accepts them.
    """
    pyproject = tomllib.loads((project / "pyproject.toml").read_text())
    unmet = []
    for line in pyproject["project"]["dependencies"]:
        requirement = Requirement(line)
        if requirement.marker and not requirement.marker.evaluate():
            continue
        try:
            version = importlib.metadata.version(requirement.name)
        except importlib.metadata.PackageNotFoundError:
            version = None
        if version is None or not requirement.specifier.contains(version, True):
            unmet.append(line)
    return unmet
