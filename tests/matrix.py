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


# Options that change only metadata, never code paths: tier 1 cycles through
# their values instead of multiplying the feature combinations by them.
METADATA_OPTIONS = ("python_version", "license")


def all_combinations() -> list[dict]:
    """Every combination of the feature options, each metadata value at least once."""
    values = option_values()
    features = {k: v for k, v in values.items() if k not in METADATA_OPTIONS}
    metadata = {k: v for k, v in values.items() if k in METADATA_OPTIONS}
    products = [
        dict(zip(features, chosen, strict=True))
        for chosen in itertools.product(*features.values())
    ]
    count = max(len(products), *(len(v) for v in metadata.values()))
    return [
        products[i % len(products)]
        | {name: choices[i % len(choices)] for name, choices in metadata.items()}
        for i in range(count)
    ]


def combination_id(answers: dict) -> str:
    """A short test id such as ``3.12-MIT``."""
    return "-".join(str(value) for value in answers.values())


# Tier 2 runs each generated test suite: the defaults, plus answers whose
# names could collide with the project's own modules.
CURATED = {
    "defaults": {},
    "postgresql": {"database": "postgresql"},
    "mysql": {"database": "mysql"},
    "no-database": {"database": "none"},
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
    "Docker": (
        lambda a: a["use_docker"],
        ["Dockerfile", "docker", "Docker", "nginx.conf"],
    ),
    "GitHub Actions": (
        lambda a: a["ci"] == "github",
        ["GitHub Actions", ".github/workflows", "actions/"],
    ),
    "GitLab": (lambda a: a["ci"] == "gitlab", ["gitlab", "GitLab"]),
    "SQLite": (lambda a: a["database"] == "sqlite", ["sqlite", "SQLite"]),
    "PostgreSQL": (
        lambda a: a["database"] == "postgresql",
        ["postgres", "PostgreSQL", "psycopg"],
    ),
    "MySQL": (
        lambda a: a["database"] == "mysql",
        ["mysql", "MySQL", "MariaDB", "pymysql", "utf8mb4"],
    ),
}
