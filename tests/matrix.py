"""The answers the template's tests bake, kept in one place."""

import itertools
import json
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


# Tier 2 runs each generated test suite: the defaults, everything off, each
# option alone, everything on, plus answers whose names could collide with
# the project's own modules.
NO_OPTIONS = {"use_cors": False, "use_redis_sessions": False, "use_socketio": False}
CURATED = {
    "defaults": {},
    "no-options": NO_OPTIONS,
    "cors-only": NO_OPTIONS | {"use_cors": True},
    "redis-sessions-only": NO_OPTIONS | {"use_redis_sessions": True},
    "socketio-only": NO_OPTIONS | {"use_socketio": True},
    "all-options": {"use_cors": True, "use_redis_sessions": True, "use_socketio": True},
    "package-named-app": {"project_name": "App", "package_name": "app"},
    "unusual-text": {
        "project_name": "Café Orders & Co's",
        "description": "Órdenes <fast> & 'safe'",
        "author_name": "José Müller-O'Brien",
    },
}

# Text that only a bake with the given answer may contain; any other bake
# containing it mentions an option it did not choose.
TRACES: dict[tuple[str, object], list[str]] = {
    ("license", "MIT"): ["MIT License", '"MIT"'],
    ("license", "BSD-3-Clause"): ["BSD 3-Clause", "BSD-3-Clause"],
    ("license", "Apache-2.0"): ["Apache License", "Apache-2.0"],
    ("license", "Proprietary"): ["LicenseRef-Proprietary", "Do Not Upload"],
    ("use_cors", True): ["flask-cors", "flask_cors", "CORS_RESOURCES", "cors ="],
    ("use_redis_sessions", True): [
        "flask-session",
        "flask_session",
        "SESSION_LIFETIME",
    ],
    ("use_socketio", True): ["socketio", "SocketIO", "Socket.IO", "simple-websocket"],
}

# Text that only bakes choosing at least one of several answers may contain.
SHARED_TRACES: dict[tuple[tuple[str, object], ...], list[str]] = {
    (("use_redis_sessions", True), ("use_socketio", True)): ["redis", "Redis", "REDIS"],
    (("use_cors", True), ("use_socketio", True)): ["CORS_ORIGINS"],
    (("use_cors", True), ("use_redis_sessions", True), ("use_socketio", True)): [
        "extensions.py",
        "register_extensions",
    ],
}
