"""Liveness and readiness probes for load balancers and orchestrators."""

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from flask import Blueprint, Flask, Response, current_app

bp = Blueprint("health", __name__)

# /healthz's answer. The core's WSGI layer (middleware.py) gives it before
# Flask sees the request; the view below stays so that `flask routes` lists
# the probe and url_for() can link to it.
LIVENESS = b'{"status":"ok"}\n'

ReadinessCheck = Callable[[], object]


def add_readiness_check(app: Flask, name: str, check: ReadinessCheck) -> None:
    """Make /readyz probe a backend; ``check`` raises while the backend is down.

    Checks run in threads of their own, outside any app context: one that
    needs the app's, such as a database query, pushes it itself.
    """
    app.extensions.setdefault("readiness_checks", {})[name] = check


def has_readiness_checks(app: Flask) -> bool:
    """Whether the app depends on any backend."""
    return bool(app.extensions.get("readiness_checks"))


def run_readiness_checks(app: Flask) -> dict[str, bool]:
    """Run the readiness checks and report, by name, whether each passed.

    They run at once, so that backends which hang cost the longest of their
    timeouts, not the sum; failures are logged here, with the request's id.
    """
    checks = app.extensions.get("readiness_checks", {})
    if not checks:
        return {}
    with ThreadPoolExecutor(max_workers=len(checks)) as pool:
        outcomes = {name: pool.submit(check) for name, check in checks.items()}
    results = {}
    for name, outcome in outcomes.items():
        if error := outcome.exception():
            app.logger.warning("readiness check %s failed: %s", name, error)
        results[name] = error is None
    return results


@bp.get("/healthz")
def healthz() -> Response:
    """Answer while the process can serve requests; touch no backend."""
    return Response(LIVENESS, mimetype="application/json")


@bp.get("/readyz")
def readyz() -> tuple[dict[str, object], int]:
    """Report each backend's state: 200 when all are up, 503 otherwise."""
    results = run_readiness_checks(current_app)
    ready = all(results.values())
    checks = {name: "ok" if ok else "unavailable" for name, ok in results.items()}
    status = "ok" if ready else "unavailable"
    return {"status": status, "checks": checks}, 200 if ready else 503
