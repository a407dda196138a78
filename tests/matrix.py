"""The answers the template's tests bake, kept in one place."""

import itertools
import json
from collections.abc import Callable
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parent.parent


def option_values() -> dict[str, list]:
    """Every choice and yes/no option in cookiecutter.json, with all its values."""
    context = json.loads((TEMPLATE / "cookiecutter.json").read_text())
    return {
        name: value if isinstance(value, list) else [True, False]
        for name, value in context.items()
        if isinstance(value, list | bool)
    }


# Options that change only metadata, never code paths: the tiers cycle
# through their values instead of multiplying the combinations by them.
METADATA_OPTIONS = ("python_version", "license")
# Options that touch no Python file, and the options that touch no Docker or
# CI file: tier 1's Python checks and the shipping checks cycle through these.
SHIPPING_OPTIONS = ("use_docker", "ci")
PYTHON_ONLY_OPTIONS = ("use_cors", "use_jwt")


def refused(answers: dict) -> bool:
    """Whether the pre-generation hook refuses this combination of options."""
    return answers.get("use_jwt") is True and answers.get("database") == "none"


def all_combinations(cycled: tuple[str, ...] = METADATA_OPTIONS) -> list[dict]:
    """Every combination of the options the hook accepts, cycling each
    ``cycled`` one's values.

    Each value of a cycled option still appears at least once.
    """
    values = option_values()
    multiplied = {k: v for k, v in values.items() if k not in cycled}
    rotating = {k: v for k, v in values.items() if k in cycled}
    products = [
        answers
        for chosen in itertools.product(*multiplied.values())
        if not refused(answers := dict(zip(multiplied, chosen, strict=True)))
    ]
    count = max(len(products), *(len(v) for v in rotating.values()))
    return [rotated(products[i % len(products)], rotating, i) for i in range(count)]


def rotated(product: dict, rotating: dict[str, list], index: int) -> dict:
    """``product`` plus the ``index``-th value of each rotating option, or the
    next values along where those would make the hook refuse the answers."""
    for shift in range(max(map(len, rotating.values()), default=1)):
        answers = product | {
            name: choices[(index + shift) % len(choices)]
            for name, choices in rotating.items()
        }
        if not refused(answers):
            return answers
    raise ValueError(f"no value of {', '.join(rotating)} goes with {product}")


def combination_id(answers: dict) -> str:
    """A short test id such as ``3.12-MIT``."""
    return "-".join(str(value) for value in answers.values())


# Tier 2 runs each generated test suite: the defaults, everything off, each
# option alone, everything on, plus answers whose names could collide with
# the project's own modules.
NO_OPTIONS = {
    "database": "none",
    "use_jwt": False,
    "use_cors": False,
    "use_redis_sessions": False,
    "use_socketio": False,
}
ALL_OPTIONS = {"use_cors": True, "use_redis_sessions": True, "use_socketio": True}
CURATED = {
    "defaults": {},
    "no-options": NO_OPTIONS,
    "cors-only": NO_OPTIONS | {"use_cors": True},
    "redis-sessions-only": NO_OPTIONS | {"use_redis_sessions": True},
    "socketio-only": NO_OPTIONS | {"use_socketio": True},
    "postgresql-all-options": {"database": "postgresql"} | ALL_OPTIONS,
    "mysql-all-options": {"database": "mysql"} | ALL_OPTIONS,
    "sqlite-all-options": ALL_OPTIONS,
    "sqlite-without-jwt": {"use_jwt": False},
    "postgresql-without-jwt": {"database": "postgresql", "use_jwt": False},
    "mysql-without-jwt": {"database": "mysql", "use_jwt": False},
    "package-named-app": {"project_name": "App", "package_name": "app"},
    "unusual-text": {
        "project_name": "Café Orders & Co's",
        "description": "Órdenes <fast> & 'safe'",
        "author_name": "José Müller-O'Brien",
    },
}

# Text that only bakes whose answers pass the check may contain; any other
# bake containing it mentions an option it did not choose.
TRACES: dict[str, tuple[Callable[[dict], bool], list[str]]] = {
    "MIT": (lambda a: a["license"] == "MIT", ["MIT License", '"MIT"']),
    "BSD": (
        lambda a: a["license"] == "BSD-3-Clause",
        ["BSD 3-Clause", "BSD-3-Clause"],
    ),
    "Apache": (
        lambda a: a["license"] == "Apache-2.0",
        ["Apache License", "Apache-2.0"],
    ),
    "Proprietary": (
        lambda a: a["license"] == "Proprietary",
        ["LicenseRef-Proprietary", "Do Not Upload"],
    ),
    "a database": (
        lambda a: a["database"] != "none",
        ["sqlalchemy", "SQLAlchemy", "alembic", "DATABASE_URL", "migrations", "notes"],
    ),
    "SQLite": (lambda a: a["database"] == "sqlite", ["sqlite", "SQLite"]),
    "PostgreSQL": (
        lambda a: a["database"] == "postgresql",
        ["postgres", "PostgreSQL", "psycopg"],
    ),
    "MySQL": (
        lambda a: a["database"] == "mysql",
        ["mysql", "MySQL", "MariaDB", "pymysql", "utf8mb4"],
    ),
    "JWT": (
        lambda a: a["use_jwt"],
        [
            "flask-jwt-extended",
            "flask_jwt_extended",
            "JWT_SECRET_KEY",
            "bcrypt",
            "/api/auth",
            "create-admin",
            "LOGIN_RATE_LIMIT",
        ],
    ),
    "CORS": (
        lambda a: a["use_cors"],
        ["flask-cors", "flask_cors", "CORS_RESOURCES", "cors ="],
    ),
    "Redis sessions": (
        lambda a: a["use_redis_sessions"],
        ["flask-session", "flask_session", "SESSION_LIFETIME"],
    ),
    "Socket.IO": (
        lambda a: a["use_socketio"],
        ["socketio", "SocketIO", "Socket.IO", "simple-websocket"],
    ),
    "Redis": (
        lambda a: a["use_redis_sessions"] or a["use_socketio"],
        ["redis", "Redis", "REDIS"],
    ),
    "allowed origins": (
        lambda a: a["use_cors"] or a["use_socketio"],
        ["CORS_ORIGINS"],
    ),
    "extensions": (
        lambda a: (
            a["database"] != "none"
            or a["use_cors"]
            or a["use_redis_sessions"]
            or a["use_socketio"]
        ),
        ["extensions.py", "register_extensions"],
    ),
    "Docker": (
        lambda a: a["use_docker"],
        ["Dockerfile", "docker", "Docker", "nginx.conf"],
    ),
    "GitHub Actions": (
        lambda a: a["ci"] == "github",
        ["GitHub Actions", ".github/workflows", "actions/"],
    ),
    "GitLab": (lambda a: a["ci"] == "gitlab", ["gitlab", "GitLab"]),
}
