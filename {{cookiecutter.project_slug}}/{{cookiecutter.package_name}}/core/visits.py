"""A visit counter kept in the session, to show how session state travels."""

from apiflask import APIBlueprint
from flask import session
from pydantic import BaseModel

bp = APIBlueprint("visits", __name__, tag="Session")


class Visits(BaseModel):
    """How many times this session has called the counter."""

    visits: int


@bp.post("/visits")
@bp.output(Visits)
def count_visit() -> Visits:
    """Count a visit.

    Counts this visit in the session and returns the total so far.
    """
    visits = session.get("visits", 0) + 1
    session["visits"] = visits
    return Visits(visits=visits)
