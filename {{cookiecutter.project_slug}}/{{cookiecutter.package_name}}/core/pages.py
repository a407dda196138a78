"""The HTML pages: the front page lists the routes the app answers."""

import inspect
from dataclasses import dataclass

from flask import Blueprint, Flask, current_app, render_template

bp = Blueprint("pages", __name__)

# Methods Flask adds to every route, which say nothing about it.
IMPLIED_METHODS = {"HEAD", "OPTIONS"}
# What views whose docstring is not ours do.
PURPOSES = {"openapi.spec": "The API's OpenAPI document."}


@dataclass(frozen=True)
class Route:
    """One method of one route, as the front page lists it."""

    method: str
    path: str
    endpoint: str
    purpose: str
    # Whether a browser can open it as it is: a GET that takes no arguments.
    linkable: bool


@bp.get("/")
def index() -> str:
    """Show the project's front page: its routes and what to do next."""
    return render_template("index.html", routes=routes(current_app))


def routes(app: Flask) -> list[Route]:
    """Every route in the app's URL map, with the summary of its view's
    docstring (as the API document has it), sorted by path.

    Read from the app, not kept by hand, the list follows every feature added.
    """
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        docstring = inspect.getdoc(app.view_functions[rule.endpoint]) or ""
        summary = PURPOSES.get(rule.endpoint) or docstring.split("\n\n")[0]
        for method in sorted((rule.methods or set()) - IMPLIED_METHODS):
            found.append(
                Route(
                    method=method,
                    path=rule.rule,
                    endpoint=rule.endpoint,
                    purpose=" ".join(summary.split()),
                    linkable=method == "GET" and not rule.arguments,
                )
            )
    return sorted(found, key=lambda route: (route.path, route.method))
