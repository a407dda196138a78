"""The template repository's own files: CI entry points and lint."""

import hashlib
import sys

import yaml

from conftest import TIERS, readme_command, run, schema_errors
from matrix import TEMPLATE

# Projects list their own features in own_features.py, and template updates
# must never edit it, or they would conflict with those lists.
OWN_FEATURES = (
    "{{cookiecutter.project_slug}}/{{cookiecutter.package_name}}/own_features.py"
)
OWN_FEATURES_SHA256 = "afd31b4e67cd0fbd064666e060a72b9f05e46cf98572d5866cbe7bfe890ab8f4"


def test_own_features_py_never_changes():
    """The file a project's own features go in is the one first released."""
    text = (TEMPLATE / OWN_FEATURES).read_bytes()
    assert hashlib.sha256(text).hexdigest() == OWN_FEATURES_SHA256


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
