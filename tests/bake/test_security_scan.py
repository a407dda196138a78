"""Security: every bake-tier project's Python passes bandit, and no tracked
file holds a secret."""

import json
import re
import sys
from pathlib import Path

from conftest import run
from matrix import TEMPLATE

# Secret-shaped text: generated keys (long hex, or base64 mixing digits and
# both cases, unlike any identifier) and private key blocks. Subresource
# integrity hashes (sha384-...) are digests of public files, not secrets.
TOKEN = "[A-Za-z0-9+/_-]"
SECRET_SHAPES = re.compile(
    r"\b[0-9a-f]{32,}\b"
    rf"|(?<!{TOKEN})(?!sha(?:256|384|512)-)"
    rf"(?={TOKEN}*[0-9])(?={TOKEN}*[A-Z])(?={TOKEN}*[a-z]){TOKEN}{{32,}}"
    r"|-----BEGIN [A-Z ]*PRIVATE KEY-----"
)


def test_bandit_finds_no_medium_or_high_issue_in_any_bake(every_bake):
    """Bandit, over every bake at once, reports nothing of medium or high severity."""
    bakes = [project for _, project in every_bake]
    bandit = [sys.executable, "-m", "bandit", "--quiet", "--format", "json"]
    args = [*bandit, "--severity-level", "medium", "--recursive"]
    result = run([*args, *map(str, bakes)], TEMPLATE, timeout=600)
    report = json.loads(result.stdout)
    assert report["errors"] == []
    findings = [
        f"{issue['filename']}:{issue['line_number']}: {issue['test_id']} "
        f"{issue['issue_severity']} {issue['issue_text']}"
        for issue in report["results"]
    ]
    assert findings == []
    # Bandit read the Python of every bake, not an empty tree.
    assert report["metrics"]["_totals"]["loc"] > 500 * len(bakes)


def tracked_files(project: Path, git_dir: Path) -> list[Path]:
    """The files git would commit from a fresh repository of the bake.

    The repository lives in ``git_dir``, so the bake, which other tests read,
    stays as it was.
    """
    git = ["git", f"--git-dir={git_dir}", f"--work-tree={project}"]
    for args in (["init", "--quiet"], ["add", "--all"]):
        assert run([*git, *args], project).returncode == 0
    listed = run([*git, "ls-files", "-z"], project).stdout.split("\0")
    return [project / name for name in listed if name]


def env_secrets(project: Path) -> list[str]:
    """The values the hook wrote into the bake's .env."""
    lines = (project / ".env").read_text().splitlines()
    return [line.split("=", 1)[1] for line in lines if "=" in line]


def test_no_tracked_file_of_any_bake_holds_a_secret(every_bake, tmp_path):
    """.env stays untracked, no tracked file repeats its secrets, and nothing
    tracked looks like a generated key."""
    for number, (_, project) in enumerate(every_bake):
        secrets = env_secrets(project)
        assert secrets, f"{project} has no secrets in .env"
        tracked = tracked_files(project, tmp_path / f"{number}.git")
        assert project / ".env" not in tracked
        assert project / "tests" / "conftest.py" in tracked
        for path in tracked:
            text = path.read_text(encoding="utf-8")
            for secret in secrets:
                assert secret not in text, f"{path} holds a secret from .env"
            shaped = SECRET_SHAPES.findall(text)
            assert not shaped, f"{path} holds secret-shaped text: {shaped}"
