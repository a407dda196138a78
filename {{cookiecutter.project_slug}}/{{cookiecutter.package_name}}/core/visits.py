"""A visit counter kept in the session, to show how session state travels."""

from flask import Blueprint, session

bp = Blueprint("visits", __name__)


@bp.post("/visits")
def count_visit() -> dict[str, int]:
    """Count this visit in the session and return the total so far."""
    visits = session.get("visits", 0) + 1
    session["visits"] = visits
    return {"visits": visits}
