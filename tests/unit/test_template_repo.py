"""The template repository's own files: CI entry points and lint."""

import sys

import yaml

from conftest import TIERS, readme_command, run, schema_errors
from matrix import TEMPLATE


def test_ci_runs_the_readme_test_command():
    """.ci/run is the README's test command with every service required."""
    script = (TEMPLATE / ".ci" / "run").read_text()
    assert "export REQUIRE_SERVICES=1" in script
    assert (
        readme_command(TEMPLATE / "README.md", "Run the template's tests")
        in script.splitlines()
    )


def test_template_ci_workflow_runs_every_tier_in_a_job_of_its_own():
    """The template's GitHub workflow is valid and runs each tier as one job."""
    workflow = TEMPLATE / ".github" / "workflows" / "ci.yml"
    assert schema_errors("vendor.github-workflows", [workflow]) == {}
    [job] = yaml.safe_load(workflow.read_text())["jobs"].values()
    assert sorted(job["strategy"]["matrix"]["tier"]) == sorted(TIERS)
    assert job["env"]["REQUIRE_SERVICES"] == "1"
    runs = [step["run"] for step in job["steps"] if "run" in step]
    assert runs[-1] == ".venv/bin/pytest -m ${{ matrix.tier }}"


def test_template_code_is_lint_clean():
    """The hooks, these tests and the bench pass the same ruff checks as generated code."""
    for args in (["check"], ["format", "--check"]):
        result = run(
            [
                sys.executable,
                "-m",
                "ruff",
                *args,
                "--no-cache",
                "hooks",
                "tests",
                "bench",
            ],
            TEMPLATE,
        )
        assert result.returncode == 0, result.stdout
