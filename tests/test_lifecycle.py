"""Tier 4: reproducible bakes, replay, clean failures, and the README's commands."""

import shutil
import subprocess
import sys

import pytest
import yaml

from conftest import check_schema, clean_env, readme_command, run, tree
from matrix import TEMPLATE

ANSWERS = {
    "project_name": "Acme Orders",
    "author_email": "dev@acme.example",
    "license": "Apache-2.0",
    "python_version": "3.13",
}


def test_same_answers_bake_identical_projects(bake):
    """Two bakes with the same answers differ only in their .env secrets."""
    first, second = bake(**ANSWERS), bake(**ANSWERS)
    assert first != second
    assert tree(first) == tree(second)
    assert (first / ".env").read_text() != (second / ".env").read_text()


def test_replay_file_rebakes_the_same_project(bake, cookiecutter_cli, tmp_path):
    """``cookiecutter --replay-file .cookiecutter.json`` reproduces the bake."""
    original = bake(**ANSWERS)
    replay = original / ".cookiecutter.json"
    result = cookiecutter_cli(
        "--replay-file",
        str(replay),
        "--output-dir",
        str(tmp_path / "out"),
        str(TEMPLATE),
    )
    assert result.returncode == 0, result.stderr
    regenerated = tmp_path / "out" / original.name
    assert tree(regenerated) == tree(original)


def test_env_is_ignored_by_git(bake):
    """A first commit of the bake takes every file but .env."""
    project = bake()
    run(["git", "init", "-q"], project)
    run(["git", "add", "-A"], project)
    tracked = set(run(["git", "ls-files"], project).stdout.split())
    assert ".env" not in tracked
    assert {".env.example", ".flaskenv", ".cookiecutter.json", "wsgi.py"} <= tracked


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ("project_slug=My App", "project_slug 'My App' must be lowercase letters"),
        ("project_slug=my_app", "project_slug 'my_app' must be lowercase letters"),
        ("package_name=1app", "package_name '1app' is not a valid Python identifier."),
        ("package_name=class", "package_name 'class' is a Python keyword."),
        ("package_name=flask", "package_name 'flask' would shadow the module"),
        ("package_name=tests", "package_name 'tests' would shadow the module"),
        ("author_email=nobody", "author_email 'nobody' is not an e-mail address"),
        ("version=1.0-beta", "version '1.0-beta' is not a normalized PEP 440 version"),
        ("license=GPL", "GPL provided for choice variable license"),
        ("database=none", "use_jwt true needs a database to keep its users in"),
    ],
)
def test_bad_answer_fails_with_one_sentence_and_writes_nothing(
    cookiecutter_cli, tmp_path, answer, message
):
    """A bad answer exits non-zero, names itself and its rule, and leaves no files."""
    out = tmp_path / "out"
    out.mkdir()
    result = cookiecutter_cli(
        "--no-input", "--output-dir", str(out), str(TEMPLATE), answer
    )
    assert result.returncode != 0
    assert message in result.stdout + result.stderr
    assert list(out.iterdir()) == []


def test_ci_runs_the_readme_test_command():
    """.ci/run is the README's test command with every service required."""
    script = (TEMPLATE / ".ci" / "run").read_text()
    assert "export REQUIRE_SERVICES=1" in script
    assert (
        readme_command(TEMPLATE / "README.md", "Run the template's tests")
        in script.splitlines()
    )


def test_template_ci_workflow_runs_ci_run():
    """The template's GitHub workflow is valid and runs .ci/run."""
    workflow = TEMPLATE / ".github" / "workflows" / "ci.yml"
    check_schema("vendor.github-workflows", workflow)
    steps = yaml.safe_load(workflow.read_text())["jobs"]["template"]["steps"]
    assert [step["run"] for step in steps if "run" in step] == [".ci/run"]


@pytest.mark.slow
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


def test_template_code_is_lint_clean():
    """The hooks and these tests pass the same ruff checks as generated code."""
    for args in (["check"], ["format", "--check"]):
        result = run(
            [sys.executable, "-m", "ruff", *args, "--no-cache", "hooks", "tests"],
            TEMPLATE,
        )
        assert result.returncode == 0, result.stdout
