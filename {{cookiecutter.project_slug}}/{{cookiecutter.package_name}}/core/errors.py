"""Error responses: JSON under /api, HTML pages everywhere else."""

from flask import Flask, json, render_template, request
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response


def init_app(app: Flask) -> None:
    """Answer every HTTP error, including unexpected ones (500), in one shape."""
    app.register_error_handler(HTTPException, handle_http_error)


def wants_json() -> bool:
    """Whether the failing request was made to the JSON API."""
    return request.path == "/api" or request.path.startswith("/api/")


def handle_http_error(error: HTTPException) -> Response:
    """Render ``error`` for its audience, keeping headers such as Allow."""
    response = error.get_response()
    if wants_json():
        details: dict[str, object] = {
            "status": error.code,
            "message": error.description,
        }
        # Validation errors also say what is wrong with each field.
        if fields := getattr(error, "fields", None):
            details["fields"] = fields
        body = {"error": details}
        response.set_data(json.dumps(body))
        response.mimetype = "application/json"
    else:
        response.set_data(render_template("error.html", error=error))
        response.mimetype = "text/html"
    return response
