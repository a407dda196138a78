"""Error responses: JSON under /api, HTML pages everywhere else."""

from collections.abc import Iterable, Mapping
from typing import Any

from apiflask import APIFlask, HTTPError
from flask import json, render_template, request
from pydantic import ValidationError
from werkzeug.exceptions import BadRequest, HTTPException
from werkzeug.wrappers import Response

# The shape of every error answer under /api, as the API document shows it.
ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["status", "message"],
            "properties": {
                "status": {"type": "integer", "description": "The HTTP status."},
                "message": {"type": "string", "description": "What went wrong."},
                "fields": {
                    "type": "object",
                    "additionalProperties": {"type": "string"},
                    "description": "For invalid requests, a message per bad field.",
                },
            },
        }
    },
}
# Pydantic's messages for the mistakes clients make most, in the API's words.
FIELD_MESSAGES = {
    "missing": "This field is required.",
    "extra_forbidden": "Unknown field.",
    "string_type": "Must be a string.",
    "string_unicode": "Must be valid Unicode text.",
    "string_too_long": "Must be at most {max_length} characters.",
    "too_long": "Must be at most {max_length} characters.",
    "int_type": "Must be a whole number.",
    "int_parsing": "Must be a whole number.",
    "int_from_float": "Must be a whole number.",
    "greater_than_equal": "Must be {ge} or more.",
    "less_than_equal": "Must be {le} or less.",
    # The project's own validators raise ValueError with the whole message.
    "value_error": "{error}",
}


def init_app(app: APIFlask) -> None:
    """Answer every HTTP error, including unexpected ones (500), in one shape."""
    app.config.update(
        VALIDATION_ERROR_STATUS_CODE=400,
        VALIDATION_ERROR_DESCRIPTION="The request has invalid fields.",
        VALIDATION_ERROR_SCHEMA=ERROR_SCHEMA,
        HTTP_ERROR_SCHEMA=ERROR_SCHEMA,
    )
    app.register_error_handler(HTTPException, handle_http_error)
    # APIFlask raises its own HTTPError, not Werkzeug's, for invalid input.
    app.register_error_handler(HTTPError, handle_api_error)


def wants_json() -> bool:
    """Whether the failing request was made to the JSON API."""
    path = request.path
    return path == "/api" or path.startswith("/api/")


def handle_http_error(error: HTTPException) -> Response:
    """Render ``error`` for its audience, keeping headers such as Allow."""
    if not wants_json():
        response = error.get_response()
        response.set_data(render_template("error.html", error=error))
        response.mimetype = "text/html"
        return response
    details: dict[str, object] = {"status": error.code, "message": error.description}
    # Validation errors also say what is wrong with each field.
    if fields := getattr(error, "fields", None):
        details["fields"] = fields
    # Werkzeug's headers for the error, less the type of the HTML page it
    # would otherwise render.
    headers = [
        (name, value)
        for name, value in error.get_headers()
        if name.lower() != "content-type"
    ]
    return Response(
        json.dumps({"error": details}),
        error.code,
        headers,
        mimetype="application/json",
    )


class InvalidFields(BadRequest):
    """A 400 answer that says what is wrong with each field."""

    def __init__(self, fields: dict[str, str]) -> None:
        super().__init__("The request has invalid fields.")
        self.fields = fields


def handle_api_error(error: HTTPError) -> Response:
    """APIFlask's errors: a validation error gets a message per field."""
    # APIFlask raises its error from pydantic's, which has the detail.
    if isinstance(error.__cause__, ValidationError):
        fields = field_messages(error.__cause__.errors())
        return handle_http_error(InvalidFields(fields))
    # Any other, such as apiflask.abort(): its status, message and headers.
    failure = HTTPException(error.message)
    failure.code = error.status_code
    response = handle_http_error(failure)
    response.headers.update(error.headers)
    return response


def field_messages(problems: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """The first message for each field pydantic found fault with."""
    messages: dict[str, str] = {}
    for problem in problems:
        name = ".".join(str(part) for part in problem["loc"])
        messages.setdefault(name, message(problem))
    return messages


def message(problem: Mapping[str, Any]) -> str:
    """What is wrong with one field, as one sentence."""
    context: dict[str, Any] = problem.get("ctx", {})
    if template := FIELD_MESSAGES.get(problem["type"]):
        return template.format(**context)
    text = problem["msg"]
    return text if text.endswith(".") else f"{text}."
