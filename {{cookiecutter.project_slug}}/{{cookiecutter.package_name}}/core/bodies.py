"""Request bodies: the size limit for all, and under /api JSON objects, read
with limits before validation.

APIFlask validates a body against its route's pydantic model. This runs
first, once per request, and turns what would otherwise be a server error or
an unhelpful message into the API's own 4xx: a body that is not JSON (415),
too large (413), unreadable, malformed, nested too deeply or not an object
(400).
"""

from flask import Flask, Request, abort, current_app, request
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
NO_LENGTH = {None, "", "0"}


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
    """Check every body's size, and read every JSON body sent to the API,
    before the view runs."""
    app.request_class = ApiRequest
    app.before_request(check_body)


def has_body() -> bool:
    """Whether the request declares a body, by its length or chunked encoding."""
    return bool(request.content_length) or "chunked" in request.headers.get(
        "Transfer-Encoding", ""
    )


def check_body() -> None:
    """Refuse a body over the size limit; read an /api request's body."""
    environ = request.environ
    # Most requests send no body: let them through without parsing headers.
    # Servers leave CONTENT_LENGTH out, or empty, when the header is absent.
    no_length = environ.get("CONTENT_LENGTH") in NO_LENGTH
    if no_length and "HTTP_TRANSFER_ENCODING" not in environ:
        return
    limit = request.max_content_length
    if limit is not None and (request.content_length or 0) > limit:
        # Before reading any of it.
        abort(413)
    if request.path.startswith("/api/") and has_body():
        read_json_body()


def read_json_body() -> None:
    """Parse an /api request's body, refusing what no route takes."""
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
