"""The answers the template's tests bake, kept in one place."""

import importlib.util
import itertools
import json
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from cookiecutter.environment import StrictEnvironment

TEMPLATE = Path(__file__).resolve().parent.parent


def load_hook(name: str) -> ModuleType:
    """Import a hook script as a module without running its main()."""
    spec = importlib.util.spec_from_file_location(
        name, TEMPLATE / "hooks" / f"{name}.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


PRE_GEN = load_hook("pre_gen_project")
POST_GEN = load_hook("post_gen_project")
CONTEXT = json.loads((TEMPLATE / "cookiecutter.json").read_text())


def option_values() -> dict[str, list]:
    """Every choice and yes/no option in cookiecutter.json, default first."""
    context = CONTEXT
    return {
        name: value if isinstance(value, list) else [value, not value]
        for name, value in context.items()
        if isinstance(value, list | bool) and not name.startswith("_")
    }


def refused(answers: dict) -> bool:
    """Whether the pre-generation hook refuses these (possibly partial) answers."""
    return bool(PRE_GEN.conflicts(answers))


def allowed_pairs(values: dict[str, list]) -> set[tuple]:
    """Every pair of values of two different options that the hook accepts."""
    return {
        (a, x, b, y)
        for a, b in itertools.combinations(values, 2)
        for x in values[a]
        for y in values[b]
        if not refused({a: x, b: y})
    }


def pairs_of(answers: dict) -> set[tuple]:
    """The pairs of option values one complete set of answers bakes together."""
    return {
        (a, answers[a], b, answers[b]) for a, b in itertools.combinations(answers, 2)
    }


def covering_array(values: dict[str, list], start: list[dict]) -> list[dict]:
    """Answer sets that, with ``start``, bake every allowed pair of option values.

    Greedy: each new set is the best of the sets grown from each missing pair,
    taking for every other option the value that adds the most missing pairs.
    Written here because allpairspy, the maintained generator, stops early
    under constraints (it left database=mysql with license=MIT out of this
    template's array), and the tests promise every pair.
    """
    missing = allowed_pairs(values) - set().union(*map(pairs_of, start))
    found = []
    while missing:
        grown = [grow(values, pair, missing) for pair in sorted(missing, key=str)]
        best = max(grown, key=lambda answers: len(pairs_of(answers) & missing))
        missing -= pairs_of(best)
        found.append(best)
    return found


def grow(values: dict[str, list], pair: tuple, missing: set[tuple]) -> dict:
    """A complete answer set holding ``pair`` that adds many ``missing`` pairs."""
    a, x, b, y = pair
    answers = {a: x, b: y}
    for name, choices in values.items():
        if name not in answers:
            allowed = [v for v in choices if not refused(answers | {name: v})]
            answers[name] = max(
                allowed, key=lambda v: len(pairs_of(answers | {name: v}) & missing)
            )
    return {name: answers[name] for name in values}


def defaults() -> dict:
    """Each option's default answer."""
    return {name: choices[0] for name, choices in option_values().items()}


def complete(answers: dict) -> dict:
    """The answers with every option the set leaves out at its default."""
    return defaults() | answers


def accepted(answers: dict) -> dict:
    """The answers with every option they leave out at the first value the hook
    accepts beside them (its default, unless that would be refused)."""
    for name, choices in option_values().items():
        if name not in answers:
            answers = answers | {
                name: next(v for v in choices if not refused(answers | {name: v}))
            }
    return answers


def combination_id(answers: dict) -> str:
    """A short test id naming the answers that differ from the defaults."""
    usual = defaults()
    changed = [
        f"{name}={value}"
        for name, value in complete(answers).items()
        if usual.get(name) != value
    ]
    return ",".join(changed) or "defaults"


def curated_sets() -> dict[str, dict]:
    """The answer sets every bake-tier run includes, by name.

    The defaults, everything off, everything on with each database, and each
    yes/no option alone; where the hook refuses an answer beside the others
    (use_jwt with no database), that option takes the first value it accepts.
    """
    values = option_values()
    switches = [name for name, choices in values.items() if True in choices]
    off = {name: False for name in switches} | {"database": "none", "ci": "none"}
    sets = {"defaults": {}, "everything-off": off}
    for database in values["database"]:
        on = {name: True for name in switches}
        sets[f"everything-on-{database}"] = without_conflicts(
            {"database": database}, on
        )
    for name in switches:
        sets[f"{name}-alone"] = without_conflicts({name: True}, off)
    return {name: accepted(answers) for name, answers in sets.items()}


def without_conflicts(chosen: dict, others: dict) -> dict:
    """``chosen`` plus each of ``others`` that the hook accepts beside it."""
    return chosen | {
        name: value
        for name, value in others.items()
        if name not in chosen and not refused(chosen | {name: value})
    }


def service_sets(start: list[dict]) -> list[dict]:
    """Answer sets that give the CI and compose files every mix of the services
    they start (each database, with Redis and without), where ``start`` lacks it.

    Pairs are not enough here: a CI file's services depend on three answers.
    """
    found: list[dict] = []
    for ci, database, redis in itertools.product(
        ["github", "gitlab"], option_values()["database"], [False, True]
    ):
        mix = {"ci": ci, "database": database, "use_docker": True}
        if not any(
            mix.items() <= answers.items() and needs_redis(answers) == redis
            for answers in start + found
        ):
            switches = {"use_redis_sessions": redis, "use_socketio": redis}
            found.append(accepted(without_conflicts(mix, switches)))
    return found


def bake_tier_sets() -> list[dict]:
    """The curated sets, the service mixes, then a covering array of every
    pair of option values."""
    # In cookiecutter.json's order, as pairs_of names each pair.
    order = list(option_values())
    curated = [{name: a[name] for name in order} for a in curated_sets().values()]
    services = [{name: a[name] for name in order} for a in service_sets(curated)]
    start = curated + services
    return start + covering_array(option_values(), start)


# The generated tier runs each generated test suite: the defaults, everything
# off, each option alone, everything on, plus answers whose names could
# collide with the project's own modules.
NO_OPTIONS = {
    "database": "none",
    "use_jwt": False,
    "use_cors": False,
    "use_redis_sessions": False,
    "use_socketio": False,
    "use_celery": False,
    "use_email": False,
}
ALL_OPTIONS = {
    "use_cors": True,
    "use_redis_sessions": True,
    "use_socketio": True,
    "use_celery": True,
}
# The generated suites with every option also have e-mail; the served tests
# that bake ALL_OPTIONS leave it out, as their servers have no mail server.
WITH_EMAIL = {"use_email": True}
SUITES = {
    "defaults": {},
    "no-options": NO_OPTIONS,
    "cors-only": NO_OPTIONS | {"use_cors": True},
    "redis-sessions-only": NO_OPTIONS | {"use_redis_sessions": True},
    "socketio-only": NO_OPTIONS | {"use_socketio": True},
    "postgresql-all-options": {"database": "postgresql"} | ALL_OPTIONS | WITH_EMAIL,
    "mysql-all-options": {"database": "mysql"} | ALL_OPTIONS | WITH_EMAIL,
    "sqlite-all-options": ALL_OPTIONS | WITH_EMAIL,
    "sqlite-without-jwt": {"use_jwt": False},
    "postgresql-without-jwt": {"database": "postgresql", "use_jwt": False},
    "mysql-without-jwt": {"database": "mysql", "use_jwt": False},
    "celery-with-socketio-without-jwt": {
        "use_jwt": False,
        "use_celery": True,
        "use_socketio": True,
    },
    "celery-without-socketio": {"use_celery": True},
    "email-without-celery": {"use_email": True},
    "package-named-app": {"project_name": "App", "package_name": "app"},
    "unusual-text": {
        "project_name": "Café Orders & Co's",
        "description": "Órdenes <fast> & 'safe'",
        "author_name": "José Müller-O'Brien",
    },
}


def derived(answers: dict) -> dict[str, str]:
    """The derived answers ("__needs_redis") as cookiecutter.json computes them."""
    context = complete(answers)
    environment = StrictEnvironment(context={"cookiecutter": context})
    return {
        name: environment.from_string(rule).render(cookiecutter=context)
        for name, rule in CONTEXT.items()
        if name.startswith("__") and isinstance(rule, str)
    }


def needs_redis(answers: dict) -> bool:
    """Whether a bake with these answers talks to Redis."""
    return bool(derived(answers)["__needs_redis"])


def has_database(answers: dict) -> bool:
    """Whether a bake with these answers has a database."""
    return bool(derived(answers)["__has_database"])


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
        has_database,
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
            "password_hash",
            '"users"',
        ],
    ),
    "E-mail": (
        lambda a: a["use_email"],
        [
            "flask-mailman",
            "flask_mailman",
            "aiosmtpd",
            "MAIL_SERVER",
            "PUBLIC_URL",
            "mailpit",
            "Mailpit",
            "/api/auth/verify",
            "password/forgot",
            "email_verifications",
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
    "Celery": (
        lambda a: a["use_celery"],
        ["celery", "Celery", "CELERY_", "/api/exports", "export_ready", "EXPORT_"],
    ),
    "Redis": (needs_redis, ["redis", "Redis", "REDIS"]),
    "allowed origins": (
        lambda a: a["use_cors"] or a["use_socketio"],
        ["CORS_ORIGINS"],
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

# The answer sets of the bake tier.
BAKE_TIER_SETS = bake_tier_sets()
# Answers unlike the defaults, for the checks that bake or replay one project.
SAMPLE_ANSWERS = {
    "project_name": "Acme Orders",
    "author_email": "dev@acme.example",
    "license": "Apache-2.0",
    "python_version": "3.13",
}
