"""A curated set of bakes passes its own test suite."""

import sys

import pytest

from conftest import clean_env, run
from matrix import SUITES, complete, needs_redis
from services import URLS, require_service, scratch_database


@pytest.mark.parametrize("answers", SUITES.values(), ids=SUITES.keys())
def test_generated_suite_passes(bake, answers, tmp_path):
    """The project's own pytest run is green straight after baking, skipping nothing.

    The services the bake needs are checked first, so a missing one skips (or,
    with REQUIRE_SERVICES=1, fails) this test with one reason; the suite then
    gets this run's REQUIRE_SERVICES, a server database of its own and this
    run's Redis.
    """
    backend = complete(answers)["database"]
    if needs_redis(complete(answers)):
        require_service("redis")
    project = bake(**answers)
    args = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-ra"]
    env = clean_env(TEST_REDIS_URL=URLS["redis"])
    if backend in ("postgresql", "mysql"):
        with scratch_database(backend, tmp_path) as url:
            result = run(args, project, env=env | {"TEST_DATABASE_URL": url})
    else:
        result = run(args, project, env=env)
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr
    assert " passed" in result.stdout
    assert "skipped" not in result.stdout
