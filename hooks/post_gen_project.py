"""Trim the baked project to the chosen options and write its local secrets."""

import json
import secrets
import shutil
import sys
from pathlib import Path

# The paths each option owns, relative to the project root; "{package}" stands
# for the package name. A boolean option is selected when true, "option=value"
# when the answer is value, "option!=value" when it is anything else, "a|b"
# when either a or b is, and "a&b" when both are ("&" binds tighter). A path is
# removed unless at least one option listing it is selected.
OPTION_PATHS: dict[str, list[str]] = {
    "database!=none": [
        "migrations",
        "{package}/database.py",
        "{package}/extensions.py",
        "{package}/models.py",
        "{package}/notes.py",
        "{package}/pagination.py",
        "{package}/validation.py",
        "tests/test_database.py",
        "tests/test_migrations.py",
        "tests/test_notes.py",
    ],
    "database=sqlite": ["tests/test_sqlite.py"],
    "use_jwt": [
        "migrations/versions/0002_add_accounts.py",
        "{package}/auth",
        "tests/test_accounts.py",
        "tests/test_admin.py",
        "tests/test_login_limits.py",
        "tests/test_note_owners.py",
        "tests/test_passwords.py",
        "tests/test_tokens.py",
    ],
    "use_jwt&use_socketio": ["tests/test_realtime_auth.py"],
    "database=postgresql|database=mysql": ["tests/test_connection_pool.py"],
    "use_cors": ["tests/test_cors.py"],
    "use_redis_sessions": ["{package}/sessions.py", "tests/test_sessions.py"],
    "use_socketio": ["{package}/realtime.py", "tests/test_realtime.py"],
    "use_redis_sessions|use_socketio": [
        "{package}/redis_store.py",
        "tests/test_redis.py",
    ],
    "use_cors|use_redis_sessions|use_socketio": ["{package}/extensions.py"],
    "use_docker": [
        ".dockerignore",
        "Dockerfile",
        "deploy",
        "docker-compose.yml",
        "docker-entrypoint.sh",
    ],
    "ci=github": [".github"],
    "ci=gitlab": [".gitlab-ci.yml"],
}

# The compose file's database server takes its password from .env.
DATABASE_PASSWORDS = {"postgresql": "POSTGRES_PASSWORD", "mysql": "MYSQL_PASSWORD"}
LICENSES_DIR = "LICENSES"
ANSWERS_FILE = ".cookiecutter.json"
ENV_FILE = ".env"


def is_selected(option: str, answers: dict) -> bool:
    """Whether the answers select an OPTION_PATHS key."""
    if "|" in option:
        return any(is_selected(either, answers) for either in option.split("|"))
    if "&" in option:
        return all(is_selected(both, answers) for both in option.split("&"))
    if "!=" in option:
        name, value = option.split("!=")
        return answers[name] != value
    name, _, value = option.partition("=")
    if value:
        return answers[name] == value
    return answers[name] is True


def unselected_paths(answers: dict, table: dict[str, list[str]]) -> list[str]:
    """The paths that no option selected by the answers owns."""
    owned = {path for paths in table.values() for path in paths}
    kept = {
        path
        for option, paths in table.items()
        if is_selected(option, answers)
        for path in paths
    }
    return sorted(path.format(package=answers["package_name"]) for path in owned - kept)


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


def local_secrets(answers: dict) -> dict[str, str]:
    """Fresh secrets for the settings this project reads, by variable name."""
    names = ["SECRET_KEY"]
    if answers["use_jwt"]:
        names.append("JWT_SECRET_KEY")
    if answers["use_docker"] and answers["database"] in DATABASE_PASSWORDS:
        names.append(DATABASE_PASSWORDS[answers["database"]])
    return {name: secrets.token_hex(32) for name in names}


def write_env(root: Path, answers: dict) -> None:
    """Write a git-ignored .env with fresh secrets, keeping one that exists."""
    env = root / ENV_FILE
    if env.exists():
        return
    lines = [f"{name}={value}\n" for name, value in local_secrets(answers).items()]
    env.write_text(
        "# Local settings and secrets for this checkout. Never commit this file.\n"
        + "".join(lines),
        encoding="utf-8",
    )
    env.chmod(0o600)


def main(answers: dict) -> int:
    """Trim the project in the current directory and return the exit status."""
    root = Path.cwd()
    remove_paths(root, unselected_paths(answers, OPTION_PATHS))
    select_license(root, answers["license"])
    write_answers(root, answers)
    write_env(root, answers)
    return 0


if __name__ == "__main__":
    sys.exit(main(json.loads(r"""{{ cookiecutter | jsonify }}""")))
