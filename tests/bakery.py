"""Bakes of the template, made once per set of answers for a whole test run.

Every xdist worker shares one cache folder; a file lock per answer set makes
the first worker to ask bake it while the others wait, then each test gets a
private copy it may change freely. Copying a bake takes a few milliseconds,
baking it most of a second.
"""

import hashlib
import json
import shutil
from collections import Counter
from pathlib import Path

from cookiecutter.main import cookiecutter
from filelock import FileLock

from matrix import TEMPLATE, complete

# The file each process appends its bake requests to: "tier key hit|miss".
REQUESTS = "requests-{worker}.log"


def cache_key(answers: dict) -> str:
    """The cache's name for a set of answers, the same for any spelling of it."""
    text = json.dumps(complete(answers), sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def bake_requests(cache: Path) -> list[list[str]]:
    """Every bake request of the run so far, as [tier, key, "hit" or "miss"]."""
    return [
        line.split()
        for log in sorted(cache.glob(REQUESTS.format(worker="*")))
        for line in log.read_text().splitlines()
    ]


class Bakery:
    """Bakes the template, from the run's cache unless asked for a fresh bake."""

    def __init__(self, cache: Path, copies: Path, worker: str) -> None:
        self.cache = cache
        self.copies = copies
        self.worker = worker
        # The tier of the test being set up, set by conftest's hooks.
        self.tier = "unknown"
        config = cache / f"cookiecutter-{worker}.yaml"
        config.write_text(
            f"cookiecutters_dir: {cache / worker / 'cookiecutters'}\n"
            f"replay_dir: {cache / worker / 'replay'}\n"
        )
        self.config = config
        self.made = 0

    def __call__(self, **answers) -> Path:
        """A private copy of the project baked from these answers."""
        key = cache_key(answers)
        entry = self.cache / key
        with FileLock(self.cache / f"{key}.lock"):
            hit = entry.is_dir()
            if not hit:
                partial = self.cache / f"{key}.partial"
                shutil.rmtree(partial, ignore_errors=True)
                self._bake(answers, partial)
                partial.rename(entry)
        self._record(key, hit)
        [project] = entry.iterdir()
        return self._copy(project)

    def fresh(self, **answers) -> Path:
        """A project baked from these answers now, bypassing the cache."""
        self._record("fresh", hit=False)
        return self._bake(answers, self._new_folder())

    def _bake(self, answers: dict, output: Path) -> Path:
        output.mkdir(parents=True, exist_ok=True)
        return Path(
            cookiecutter(
                str(TEMPLATE),
                no_input=True,
                extra_context=answers,
                output_dir=str(output),
                config_file=str(self.config),
            )
        )

    def _copy(self, project: Path) -> Path:
        copy = self._new_folder() / project.name
        shutil.copytree(project, copy, symlinks=True)
        return copy

    def _new_folder(self) -> Path:
        self.made += 1
        folder = self.copies / f"bake{self.made:04d}"
        folder.mkdir(parents=True)
        return folder

    def _record(self, key: str, hit: bool) -> None:
        with (self.cache / REQUESTS.format(worker=self.worker)).open("a") as log:
            log.write(f"{self.tier} {key} {'hit' if hit else 'miss'}\n")


def summary(cache: Path, tiers: tuple[str, ...]) -> str | None:
    """One line on the bakes each tier made and the requests the cache served."""
    lines = bake_requests(cache)
    if not lines:
        return None
    made = Counter(tier for tier, _, outcome in lines if outcome == "miss")
    served = sum(outcome == "hit" for _, _, outcome in lines)
    per_tier = ", ".join(f"{tier} {made[tier]}" for tier in tiers)
    return (
        f"bakes made: {sum(made.values())} ({per_tier}); "
        f"{served} more requests served from the cache"
    )
