"""Request bodies under /api: JSON objects, read with limits before validation.

APIFlask validates a body against its route's pydantic model. This runs
first, once per request, and turns what would otherwise be a server error or
an unhelpful message into the API's own 4xx: a body that is not JSON (415),
too large (413), unreadable, malformed, nested too deeply or not an object
(400).
"""

from flask import Flask, Request, current_app, request
from werkzeug.exceptions import (
    BadRequest,
    HTTPException,
    RequestEntityTooLarge,
    UnsupportedMediaType,
)

# Above any valid body: a note's 10,000 characters, even each written as the
# 12-byte escape of a character beyond the Basic Multilingual Plane
# (\ud83d\ude00), or typed as a letter and a combining accent, fit.
MAX_JSON_BODY = 256 * 1024


class ApiRequest(Request):
    """A request whose empty JSON body reads as an empty object.

    A route that takes a JSON body then names each missing field, rather
    than only saying that the body is missing.
    """

    def on_json_loading_failed(self, e: ValueError | None) -> object:
        if not self.get_data(cache=True):
            return {}
        raise BadRequest("The request body is not valid JSON.")


def init_app(app: Flask) -> None:
    """Read every JSON body sent to the API before its view runs."""
    app.request_class = ApiRequest
    app.before_request(read_json_body)


def has_body() -> bool:
    """Whether the request declares a body, by its length or chunked encoding."""
    return bool(request.content_length) or "chunked" in request.headers.get(
        "Transfer-Encoding", ""
    )


def read_json_body() -> None:
    """Parse an /api request's body, if it has one, refusing what no route takes."""
    if not request.path.startswith("/api/") or not has_body():
        return
    if not request.is_json:
        raise UnsupportedMediaType("The request body must be JSON (application/json).")
    # Refuse large bodies before reading them. A chunked body has no length
    # to check first; Werkzeug stops reading it one byte past the limit.
    limit = min(request.max_content_length or MAX_JSON_BODY, MAX_JSON_BODY)
    request.max_content_length = limit + 1
    try:
        body = request.get_data(cache=True)
    except HTTPException:
        raise
    except Exception as error:
        # The server failed to hand over the body, say on broken chunked
        # encoding; each server raises its own exception types for that.
        current_app.logger.warning("unreadable request body: %r", error)
        raise BadRequest("The request body could not be read.") from error
    if len(body) > limit:
        raise RequestEntityTooLarge()
    try:
        # Cached on the request, where APIFlask's validation finds it.
        data = request.get_json()
    except RecursionError as error:
        raise BadRequest("The JSON body is nested too deeply.") from error
    if not isinstance(data, dict):
        raise BadRequest("The request body must be a JSON object.")
