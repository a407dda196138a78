"""Trim the baked project to the chosen options and write its local secrets."""

import json
import secrets
import shutil
import sys
from pathlib import Path

# The paths each option owns, relative to the project root; "{package}" stands
# for the package name. A path is removed unless its option is selected: a
# boolean answer is selected when true, "option=value" when the answer is value,
# and "a|b" when either a or b is.
OPTION_PATHS: dict[str, list[str]] = {
    "use_cors": ["tests/test_cors.py"],
    "use_redis_sessions": ["{package}/sessions.py", "tests/test_sessions.py"],
    "use_socketio": ["{package}/realtime.py", "tests/test_realtime.py"],
    "use_redis_sessions|use_socketio": [
        "{package}/redis_store.py",
        "tests/test_redis.py",
    ],
    "use_cors|use_redis_sessions|use_socketio": ["{package}/extensions.py"],
}

LICENSES_DIR = "LICENSES"
ANSWERS_FILE = ".cookiecutter.json"
ENV_FILE = ".env"


def is_selected(option: str, answers: dict) -> bool:
    """Whether the answers select an OPTION_PATHS key."""
    if "|" in option:
        return any(is_selected(either, answers) for either in option.split("|"))
    name, _, value = option.partition("=")
    if value:
        return answers[name] == value
    return answers[name] is True


def unselected_paths(answers: dict, table: dict[str, list[str]]) -> list[str]:
    """The paths owned by options the answers leave off."""
    return [
        path.format(package=answers["package_name"])
        for option, paths in table.items()
        if not is_selected(option, answers)
        for path in paths
    ]


def remove_paths(root: Path, paths: list[str]) -> None:
    """Delete files and folders, then any folder they leave empty.

    Only the removed paths' own parents are pruned, so folders the bake did
    not create (such as an existing .git) are never touched.
    """
    for path in paths:
        target = root / path
        if target.is_dir():
            shutil.rmtree(target)
        else:
            target.unlink(missing_ok=True)
        parent = target.parent
        while parent != root and parent.is_dir() and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent


def select_license(root: Path, license_id: str) -> None:
    """Keep the chosen license text as LICENSE; Proprietary keeps none."""
    chosen = root / LICENSES_DIR / license_id
    if chosen.is_file():
        chosen.replace(root / "LICENSE")
    remove_paths(root, [LICENSES_DIR])


def public_answers(answers: dict) -> dict:
    """The answers without cookiecutter's private keys and machine paths."""
    return {key: value for key, value in answers.items() if not key.startswith("_")}


def write_answers(root: Path, answers: dict) -> None:
    """Record the answers as a cookiecutter replay file."""
    record = {"cookiecutter": public_answers(answers)}
    text = json.dumps(record, indent=2, sort_keys=True, ensure_ascii=False)
    (root / ANSWERS_FILE).write_text(text + "\n", encoding="utf-8")


def write_env(root: Path) -> None:
    """Write a git-ignored .env with fresh secrets, keeping one that exists."""
    env = root / ENV_FILE
    if env.exists():
        return
    env.write_text(
        "# Local settings and secrets for this checkout. Never commit this file.\n"
        f"SECRET_KEY={secrets.token_hex(32)}\n",
        encoding="utf-8",
    )
    env.chmod(0o600)


def main(answers: dict) -> int:
    """Trim the project in the current directory and return the exit status."""
    root = Path.cwd()
    remove_paths(root, unselected_paths(answers, OPTION_PATHS))
    select_license(root, answers["license"])
    write_answers(root, answers)
    write_env(root)
    return 0


if __name__ == "__main__":
    sys.exit(main(json.loads(r"""{{ cookiecutter | jsonify }}""")))
