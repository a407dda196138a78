"""Projects regenerate byte for byte and take template updates with cruft."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import clean_env, readme_command, run, tree
from matrix import TEMPLATE

CRUFT = str(Path(sys.executable).with_name("cruft"))
GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "Template Tests",
    "GIT_AUTHOR_EMAIL": "tests@example.com",
    "GIT_COMMITTER_NAME": "Template Tests",
    "GIT_COMMITTER_EMAIL": "tests@example.com",
}


def git(*args: str, cwd: Path) -> str:
    """Run git in ``cwd`` and return its output, failing the test on an error."""
    result = run(["git", *args], cwd, env=clean_env(**GIT_IDENTITY))
    assert result.returncode == 0, result.stderr
    return result.stdout


def commit_all(repo: Path, message: str) -> None:
    """Commit every change in ``repo``."""
    git("add", "-A", cwd=repo)
    git("commit", "-q", "-m", message, cwd=repo)


def cruft(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run the cruft command."""
    return run([CRUFT, *args], cwd, env=clean_env(**GIT_IDENTITY), timeout=300)


@pytest.fixture
def template_repo(tmp_path) -> Path:
    """A throwaway git repository holding the template as it is in this checkout."""
    listed = run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"], TEMPLATE
    ).stdout.splitlines()
    copy = tmp_path / "flask-starter"
    for name in listed:
        source = TEMPLATE / name
        if source.is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / name)
    git("init", "-q", "-b", "main", cwd=copy)
    commit_all(copy, "Template as tested")
    return copy


@pytest.fixture
def linked_project(template_repo, tmp_path) -> Path:
    """A project made with ``cruft create`` and committed to its own git repository."""
    answers = json.dumps({"use_docker": False, "ci": "none"})
    out = tmp_path / "out"
    result = cruft(
        "create",
        "--no-input",
        "--output-dir",
        str(out),
        "--extra-context",
        answers,
        str(template_repo),
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    project = out / "my-flask-app"
    git("init", "-q", "-b", "main", cwd=project)
    commit_all(project, "Bake")
    return project


def test_readme_regenerate_command_rebakes_the_same_tree(bake, cookiecutter_cli):
    """The generated README's replay command reproduces the project."""
    original = bake(database="postgresql", use_socketio=True, ci="gitlab")
    command = readme_command(original / "README.md", "Regenerate it")
    template_url = "https://github.com/org/flask-starter"
    assert command.startswith("cookiecutter --replay-file .cookiecutter.json ")
    assert command.endswith(template_url)
    out = original.parent / "regenerated"
    args = command.split()[1:-1]
    args[args.index("/tmp/regenerated")] = str(out)
    result = cookiecutter_cli(*args, str(TEMPLATE), cwd=original)
    assert result.returncode == 0, result.stderr
    assert tree(out / original.name) == tree(original)


def test_cruft_update_brings_a_template_change_into_a_project(
    template_repo, linked_project
):
    """A later template commit arrives cleanly; .env and the answers stay put."""
    project = linked_project
    secrets = (project / ".env").read_text()
    assert cruft("check", cwd=project).returncode == 0
    conf = template_repo / "{{cookiecutter.project_slug}}" / "gunicorn.conf.py"
    conf.write_text(conf.read_text().replace("keepalive = 5", "keepalive = 10"))
    commit_all(template_repo, "Keep connections open longer")
    assert cruft("check", cwd=project).returncode != 0
    result = cruft("update", "-y", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    # The hook announces no project for the scratch copies cruft bakes.
    assert "Created" not in result.stdout
    assert "keepalive = 10" in (project / "gunicorn.conf.py").read_text()
    status = git("status", "--porcelain", cwd=project).splitlines()
    assert {line[3:] for line in status} == {".cruft.json", "gunicorn.conf.py"}
    assert (project / ".env").read_text() == secrets
    assert cruft("check", cwd=project).returncode == 0


def test_cruft_update_turns_an_option_on_later(template_repo, linked_project):
    """--variables-to-update adds an option's files and records the new answer."""
    project = linked_project
    secrets = (project / ".env").read_text()
    assert not (project / "Dockerfile").exists()
    result = cruft(
        "update", "-y", "--variables-to-update", '{"use_docker": true}', cwd=project
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (project / "Dockerfile").is_file()
    assert (project / "docker-entrypoint.sh").stat().st_mode & 0o111
    assert "## Docker" in (project / "README.md").read_text()
    record = json.loads((project / ".cookiecutter.json").read_text())
    assert record["cookiecutter"]["use_docker"] is True
    assert (project / ".env").read_text() == secrets
    assert not list(project.rglob("*.rej"))
    commit_all(project, "Turn on Docker")
    assert cruft("check", cwd=project).returncode == 0


GREETINGS = '''"""Greetings: a feature of the project's own."""

from flask import Blueprint, Flask

bp = Blueprint("greetings", __name__)


@bp.get("/api/greeting")
def greeting() -> dict[str, str]:
    """Say hello."""
    return {"greeting": "hello"}


def init_app(app: Flask) -> None:
    """Mount the greeting."""
    app.register_blueprint(bp)
'''


def test_an_own_feature_survives_an_update_that_turns_an_option_on(linked_project):
    """A feature added the README's way stays put, without a conflict, while
    cruft brings in Socket.IO."""
    project = linked_project
    package = project / "my_flask_app"
    (package / "greetings").mkdir()
    (package / "greetings" / "__init__.py").write_text(GREETINGS)
    own = package / "own_features.py"
    text = own.read_text().replace(
        "from .core import Feature\n",
        "from . import greetings\nfrom .core import Feature\n",
    )
    own.write_text(text.replace("= []", "= [greetings]"))
    commit_all(project, "Add greetings")
    result = cruft(
        "update", "-y", "--variables-to-update", '{"use_socketio": true}', cwd=project
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert not list(project.rglob("*.rej"))
    git("diff", "--check", cwd=project)  # fails on conflict markers
    assert "[greetings]" in own.read_text()
    assert "realtime," in (package / "features.py").read_text()
    script = (
        "from my_flask_app import create_app\n"
        "app = create_app(testing=True)\n"
        "assert 'socketio' in app.extensions\n"
        "print(app.test_client().get('/api/greeting').json['greeting'])\n"
    )
    env = clean_env(APP_ENV="development")
    ran = run([sys.executable, "-c", script], project, env=env)
    assert ran.stdout.strip() == "hello", ran.stderr
