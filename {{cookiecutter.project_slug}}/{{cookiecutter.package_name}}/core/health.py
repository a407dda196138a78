"""Liveness and readiness probes for load balancers and orchestrators."""

from collections.abc import Callable

from flask import Blueprint, Flask, current_app

bp = Blueprint("health", __name__)

ReadinessCheck = Callable[[], object]


def add_readiness_check(app: Flask, name: str, check: ReadinessCheck) -> None:
    """Make /readyz probe a backend; ``check`` raises while the backend is down."""
    app.extensions.setdefault("readiness_checks", {})[name] = check


def has_readiness_checks(app: Flask) -> bool:
    """Whether the app depends on any backend."""
    return bool(app.extensions.get("readiness_checks"))


def run_readiness_checks(app: Flask) -> dict[str, bool]:
    """Run each readiness check and report, by name, whether it passed."""
    results = {}
    for name, check in app.extensions.get("readiness_checks", {}).items():
        try:
            check()
        except Exception as error:
            app.logger.warning("readiness check %s failed: %s", name, error)
            results[name] = False
        else:
            results[name] = True
    return results


@bp.get("/healthz")
def healthz() -> dict[str, str]:
    """Answer while the process can serve requests; touch no backend."""
    return {"status": "ok"}


@bp.get("/readyz")
def readyz() -> tuple[dict[str, object], int]:
    """Report each backend's state: 200 when all are up, 503 otherwise."""
    results = run_readiness_checks(current_app)
    ready = all(results.values())
    checks = {name: "ok" if ok else "unavailable" for name, ok in results.items()}
    status = "ok" if ready else "unavailable"
    return {"status": status, "checks": checks}, 200 if ready else 503
