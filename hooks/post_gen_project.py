"""Trim the baked project to the chosen options and write its local secrets."""

import json
import re
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
    "__has_database": [
        "migrations",
        "{package}/database",
        "{package}/notes",
        "tests/database",
        "tests/notes",
    ],
    "database=sqlite": ["tests/database/test_sqlite.py"],
    "database=postgresql|database=mysql": [
        "{package}/database/pool.py",
        "tests/database/test_connection_pool.py",
    ],
    "use_jwt": [
        "migrations/versions/0002_add_accounts.py",
        "migrations/versions/0005_revoke_every_login.py",
        "{package}/auth",
        "tests/auth",
        "tests/notes/test_note_owners.py",
    ],
    "use_jwt&use_socketio": [
        "{package}/templates/realtime/sign_in.html",
        "tests/realtime/test_realtime_auth.py",
    ],
    "use_cors": ["{package}/cors", "tests/cors"],
    "use_cors|use_socketio": ["{package}/core/origins.py"],
    "use_redis_sessions": ["{package}/sessions.py", "tests/sessions"],
    "use_celery": [
        "migrations/versions/0003_add_exports.py",
        "{package}/jobs",
        "tests/jobs",
    ],
    "use_celery&use_jwt": [
        "migrations/versions/0004_give_exports_owners.py",
        "migrations/versions/0006_join_exports_and_token_versions.py",
        "tests/jobs/test_export_owners.py",
    ],
    "use_email": [
        "migrations/versions/0007_add_email_verification.py",
        "{package}/accounts",
        "{package}/mail",
        "tests/accounts",
    ],
    "use_celery&use_email": [
        "migrations/versions/0008_join_exports_and_email_verification.py"
    ],
    "use_celery&use_socketio": ["tests/jobs/test_export_events.py"],
    "use_celery&use_socketio&use_jwt": ["tests/jobs/test_export_event_owners.py"],
    "use_socketio": [
        "{package}/realtime",
        "{package}/static/realtime",
        "{package}/templates/realtime",
        "tests/browser/test_live_panel.py",
        "tests/browser/test_live_panel+accounts.py",
        "tests/realtime",
        "realtime.conf.py",
    ],
    "__needs_redis": ["{package}/redis_store.py", "tests/redis_store"],
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

# Where two options meet, a file comes in versions: "name+variant.py" takes
# the place of "name.py" when the variant's option is selected, and is
# removed otherwise.
VARIANTS: dict[str, str] = {
    "accounts": "use_jwt",
    "jobs": "use_celery",
    "realtime": "use_socketio",
    "sqlite": "database=sqlite",
    "postgresql": "database=postgresql",
    "mysql": "database=mysql",
}

LICENSES_DIR = "LICENSES"
ANSWERS_FILE = ".cookiecutter.json"
ENV_FILE = ".env"
ENV_EXAMPLE = ".env.example"
README = "README.md"
# A line of .env.example that sets a variable to nothing: a secret to make up.
SECRET_LINE = re.compile(r"[A-Z][A-Z0-9_]*=")


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
    # Derived answers ("__needs_redis") are "yes" or empty.
    return answers[name] is True or answers[name] == "yes"


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


def select_variants(root: Path, answers: dict) -> None:
    """Put each selected "name+variant" file in the place of "name"; drop the rest."""
    for path in sorted(root.rglob("*+*")):
        if ".git" in path.relative_to(root).parts:
            continue
        stem, _, variant = path.stem.partition("+")
        if is_selected(VARIANTS[variant], answers):
            path.replace(path.with_name(stem + path.suffix))
        else:
            path.unlink()


def select_license(root: Path, license_id: str) -> None:
    """Keep the chosen license text as LICENSE; Proprietary keeps none."""
    chosen = root / LICENSES_DIR / license_id
    if chosen.is_file():
        chosen.replace(root / "LICENSE")
    remove_paths(root, [LICENSES_DIR])


def public_answers(answers: dict) -> dict:
    """The answers without cookiecutter's private keys and machine paths.

    The derived answers ("__needs_redis") stay: a replay takes the recorded
    answers as they are, without deriving anything.
    """
    return {
        key: value
        for key, value in answers.items()
        if key.startswith("__") or not key.startswith("_")
    }


def write_answers(root: Path, answers: dict) -> None:
    """Record the answers as a cookiecutter replay file."""
    record = {"cookiecutter": public_answers(answers)}
    text = json.dumps(record, indent=2, sort_keys=True, ensure_ascii=False)
    (root / ANSWERS_FILE).write_text(text + "\n", encoding="utf-8")


def secret_names(root: Path) -> list[str]:
    """The secrets .env.example asks for: the variables it sets to nothing.

    `flask secrets` reads them the same way, to add those .env lacks later.
    """
    lines = (root / ENV_EXAMPLE).read_text(encoding="utf-8").splitlines()
    return [line[:-1] for line in lines if SECRET_LINE.fullmatch(line)]


def write_env(root: Path) -> None:
    """Write a git-ignored .env with fresh secrets, keeping one that exists."""
    env = root / ENV_FILE
    if env.exists():
        return
    lines = [f"{name}={secrets.token_hex(32)}\n" for name in secret_names(root)]
    # Private from the start, not only once the secrets are in.
    env.touch(mode=0o600)
    env.write_text(
        "# Local settings and secrets for this checkout. Never commit this file.\n"
        + "".join(lines),
        encoding="utf-8",
    )


def quick_start(root: Path) -> list[tuple[str, str]]:
    """The README's quick start: each "###" heading and the command under it.

    The README is where the commands are written, so that the bake's last
    words never disagree with it.
    """
    readme = (root / README).read_text(encoding="utf-8")
    section = readme.partition("\n## Quick start\n")[2].partition("\n## ")[0]
    return re.findall(r"^### (.+)\n\n```sh\n(.+)\n```$", section, re.MULTILINE)


def announce(root: Path) -> None:
    """Say where the project is and how to run and test it."""
    print(f"Created {root}")
    print(f"In that folder ({README} says more):")
    for heading, command in quick_start(root):
        print(f"  {heading}: {command}")


def main(answers: dict) -> int:
    """Trim the project in the current directory and return the exit status."""
    root = Path.cwd()
    remove_paths(root, unselected_paths(answers, OPTION_PATHS))
    select_variants(root, answers)
    select_license(root, answers["license"])
    write_answers(root, answers)
    write_env(root)
    # cookiecutter records where it writes; cruft does not, and its update and
    # diff bake throwaway copies that are not worth announcing.
    if "_output_dir" in answers:
        announce(root)
    return 0


if __name__ == "__main__":
    sys.exit(main(json.loads(r"""{{ cookiecutter | jsonify }}""")))
