"""Tier 2: a curated set of bakes passes its own test suite."""

import sys

import pytest

from conftest import clean_env, run, scratch_database
from matrix import CURATED


@pytest.mark.parametrize("answers", CURATED.values(), ids=CURATED.keys())
def test_generated_suite_passes(bake, answers, tmp_path):
    """The project's own pytest run is green straight after baking.

    A server database gets a fresh database of its own, and the suite runs
    with REQUIRE_SERVICES=1, so no test of it can be skipped.
    """
    project = bake(**answers)
    backend = answers.get("database", "sqlite")
    args = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-ra"]
    env = clean_env(REQUIRE_SERVICES="1")
    if backend in ("postgresql", "mysql"):
        with scratch_database(backend, tmp_path) as url:
            result = run(args, project, env=env | {"TEST_DATABASE_URL": url})
    else:
        result = run(args, project, env=env)
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr
    assert " passed" in result.stdout
    assert "skipped" not in result.stdout
