"""Refuse answers that would bake a broken project, before anything is written."""

import json
import keyword
import re
import sys
from pathlib import Path

import jinja2

SLUG = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")
EMAIL = re.compile(r"[^@\s\"\\]+@[^@\s\"\\]+\.[^@\s\"\\.]+")
# Public PEP 440 versions in their normalized form: 1.0, 2.1.3rc1, 0.1.0.post2.dev1.
VERSION = re.compile(
    r"([1-9][0-9]*!)?(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*"
    r"((a|b|rc)(0|[1-9][0-9]*))?(\.post(0|[1-9][0-9]*))?(\.dev(0|[1-9][0-9]*))?"
)
YEAR = re.compile(r"[0-9]{4}")
# Longer names push the project's own import lines past the formatter's width.
MAX_PACKAGE_LENGTH = 40

# The choice options of cookiecutter.json. Prompts enforce them, but a replay
# file can carry any value; a template test keeps the two in step.
CHOICES = {
    "python_version": ["3.12", "3.11", "3.13"],
    "database": ["sqlite", "postgresql", "mysql", "none"],
    "ci": ["github", "gitlab", "none"],
    "license": ["MIT", "BSD-3-Clause", "Apache-2.0", "Proprietary"],
}

# Import names a package of the same name would shadow: the project's own
# top-level files and what it or its tools import.
RESERVED_NAMES = frozenset(
    {
        "aiosmtpd",
        "alembic",
        "amqp",
        "bcrypt",
        "billiard",
        "blinker",
        "celery",
        "click",
        "conftest",
        "dotenv",
        "engineio",
        "flask",
        "flask_cors",
        "flask_jwt_extended",
        "flask_mailman",
        "flask_migrate",
        "flask_session",
        "flask_socketio",
        "flask_sqlalchemy",
        "gunicorn",
        "instance",
        "itsdangerous",
        "jinja2",
        "jwt",
        "kombu",
        "mako",
        "markupsafe",
        "migrations",
        "psycopg",
        "pymysql",
        "pytest",
        "redis",
        "ruff",
        "simple_websocket",
        "socketio",
        "sqlalchemy",
        "test",
        "tests",
        "vine",
        "werkzeug",
        "wsgi",
    }
)


def slug_error(slug: str) -> str | None:
    """Explain why a project slug is unusable, or return None."""
    if not SLUG.fullmatch(slug):
        return (
            f"project_slug {slug!r} must be lowercase letters, digits and single "
            "hyphens, starting with a letter."
        )
    return None


def package_error(name: str) -> str | None:
    """Explain why a package name is unusable, or return None."""
    if not name.isidentifier() or not name.isascii():
        return f"package_name {name!r} is not a valid Python identifier."
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        return f"package_name {name!r} is a Python keyword."
    if name != name.lower():
        return f"package_name {name!r} must be lowercase (PEP 8)."
    if len(name) > MAX_PACKAGE_LENGTH:
        return f"package_name {name!r} must be at most {MAX_PACKAGE_LENGTH} characters."
    if name in RESERVED_NAMES or name in sys.stdlib_module_names:
        return (
            f"package_name {name!r} would shadow the module of the same name "
            "that the project imports; choose another name."
        )
    return None


def email_error(email: str) -> str | None:
    """Explain why an e-mail address is unusable, or return None."""
    if not EMAIL.fullmatch(email):
        return f"author_email {email!r} is not an e-mail address like name@example.com."
    return None


def version_error(version: str) -> str | None:
    """Explain why a version is unusable, or return None."""
    if not VERSION.fullmatch(version):
        return (
            f"version {version!r} is not a normalized PEP 440 version "
            "such as 0.1.0 or 1.0rc1."
        )
    return None


def text_error(name: str, value: str) -> str | None:
    """Explain why a free-text answer is unusable, or return None."""
    if not value.strip():
        return f"{name} must not be empty."
    if not value.isprintable():
        return f"{name} {value!r} must be one line of printable text."
    # The text lands verbatim inside quoted TOML and Python strings.
    if '"' in value or "\\" in value:
        return f"{name} {value!r} must not contain double quotes or backslashes."
    return None


def choice_errors(answers: dict, choices: dict[str, list]) -> list[str]:
    """Explain each answer outside its option's choices, as a replay file can give."""
    return [
        f"{name} {answers[name]!r} is not one of {', '.join(map(str, values))}."
        for name, values in choices.items()
        if answers.get(name) not in values
    ]


def year_error(year: str) -> str | None:
    """Explain why a copyright year is unusable, or return None."""
    if not YEAR.fullmatch(year):
        return f"copyright_year {year!r} must be a four-digit year."
    return None


# Answers that cannot work together: the answers that make up each conflict,
# and the sentence that explains it. The template's tests read this table to
# leave the same combinations out of what they bake.
REFUSED: list[tuple[dict, str]] = [
    (
        {"use_jwt": True, "database": "none"},
        "use_jwt true needs a database to keep its users in, but database is "
        "'none'; choose a database or answer use_jwt false.",
    ),
    (
        {"use_celery": True, "database": "none"},
        "use_celery true needs a database to keep its exports in, but database "
        "is 'none'; choose a database or answer use_celery false.",
    ),
    (
        {"use_email": True, "use_jwt": False},
        "use_email true mails the holders of accounts, but use_jwt is false; "
        "answer use_jwt true or use_email false.",
    ),
    (
        {"use_email": True, "database": "none"},
        "use_email true needs accounts, which keep their users in a database, "
        "but database is 'none'; choose a database or answer use_email false.",
    ),
]


def conflicts(answers: dict) -> list[str]:
    """The sentence of each conflict in REFUSED that the answers contain."""
    return [
        sentence
        for conflict, sentence in REFUSED
        if all(answers.get(name) == value for name, value in conflict.items())
    ]


def stale_derived_answers(answers: dict) -> list[str]:
    """Explain each derived answer ("__needs_redis") that its answers contradict.

    Cookiecutter derives them from cookiecutter.json's rules, but a replay
    takes them from the replay file as they are; an answer edited there
    leaves them behind. A template given by a relative path (".") cannot be
    found from here, where the hook runs in the new project, and is not
    checked; cruft derives them afresh anyway.
    """
    context = Path(answers.get("_repo_dir") or "", "cookiecutter.json")
    if not context.is_absolute() or not context.is_file():
        return []
    rules = json.loads(context.read_text(encoding="utf-8"))
    environment = jinja2.Environment()
    errors = []
    for name, rule in rules.items():
        if not name.startswith("__") or not isinstance(rule, str):
            continue
        derived = environment.from_string(rule).render(cookiecutter=answers)
        if answers.get(name) != derived:
            errors.append(
                f"{name} is {answers.get(name)!r} but the other answers make it "
                f"{derived!r}; correct it in the replay file."
            )
    return errors


def answer_errors(answers: dict, choices: dict[str, list]) -> list[str]:
    """Every problem with the answers, one sentence each."""
    checks = [
        text_error("project_name", answers["project_name"]),
        slug_error(answers["project_slug"]),
        package_error(answers["package_name"]),
        text_error("description", answers["description"]),
        text_error("author_name", answers["author_name"]),
        email_error(answers["author_email"]),
        version_error(answers["version"]),
        year_error(answers["copyright_year"]),
    ]
    errors = [error for error in checks if error]
    return (
        errors
        + conflicts(answers)
        + choice_errors(answers, choices)
        + stale_derived_answers(answers)
    )


def main(answers: dict) -> int:
    """Print each problem and return the exit status."""
    errors = answer_errors(answers, CHOICES)
    for error in errors:
        print(f"error: {error}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(json.loads(r"""{{ cookiecutter | jsonify }}""")))
