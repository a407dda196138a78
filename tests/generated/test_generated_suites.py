"""A curated set of bakes passes its own test suite."""

import re
import sys
from pathlib import Path

import pytest

from conftest import clean_env, run
from matrix import SUITES, complete, needs_redis
from services import URLS, require_service, scratch_database

# The folder of sleep_watch.py, the plugin that reports how long tests slept.
PLUGINS = Path(__file__).resolve().parent


def real_sleep(output: str) -> str:
    """sleep_watch's report: the total seconds, then each test that slept."""
    lines = re.findall(r"^sleep_watch: (.*)$", output, re.MULTILINE)
    assert lines, "sleep_watch did not report"
    return "\n".join(lines)


@pytest.mark.parametrize("answers", SUITES.values(), ids=SUITES.keys())
def test_generated_suite_passes(bake, answers, tmp_path):
    """The project's own pytest run is green straight after baking, skipping
    nothing, and none of its tests sleeps: they move a clock instead.

    The services the bake needs are checked first, so a missing one skips (or,
    with REQUIRE_SERVICES=1, fails) this test with one reason; the suite then
    gets this run's REQUIRE_SERVICES and Redis, and for a database server a
    database name the server does not have yet, which the suite must create.
    """
    backend = complete(answers)["database"]
    if needs_redis(complete(answers)):
        require_service("redis")
    project = bake(**answers)
    args = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-ra"]
    args += ["-p", "sleep_watch"]
    env = clean_env(TEST_REDIS_URL=URLS["redis"], PYTHONPATH=str(PLUGINS))
    if backend in ("postgresql", "mysql"):
        with scratch_database(backend, tmp_path, create=False) as url:
            result = run(args, project, env=env | {"TEST_DATABASE_URL": url})
    else:
        result = run(args, project, env=env)
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr
    assert " passed" in result.stdout
    assert "skipped" not in result.stdout
    slept = real_sleep(result.stdout)
    assert slept.startswith("0.00 s in all"), slept
