"""Reading JSON request bodies and query strings, with a message per bad field."""

import re
from collections.abc import Mapping

from flask import current_app, request
from werkzeug.exceptions import BadRequest, HTTPException, RequestEntityTooLarge

WHOLE_NUMBER = re.compile(r"[0-9]{1,18}")
# Databases refuse NUL, and the rest only hide content from people.
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class ValidationError(BadRequest):
    """A 400 answer that says what is wrong with each field."""

    def __init__(self, fields: dict[str, str]) -> None:
        super().__init__("The request has invalid fields.")
        self.fields = fields


def json_object(max_length: int = 64 * 1024) -> dict[str, object]:
    """The request body, which must be a JSON object of at most ``max_length`` bytes."""
    # Refuse large bodies before parsing them (413), and nesting too deep to
    # parse. A body without a length (chunked) is read one byte past the
    # limit, since Werkzeug quietly stops reading it there.
    request.max_content_length = max_length + 1
    try:
        body = request.get_data(cache=True)
    except HTTPException:
        raise
    except Exception as error:
        # The server failed to hand over the body, say on broken chunked
        # encoding; each server raises its own exception types for that.
        current_app.logger.warning("unreadable request body: %r", error)
        raise BadRequest("The request body could not be read.") from error
    if len(body) > max_length:
        raise RequestEntityTooLarge()
    try:
        data = request.get_json()
    except RecursionError as error:
        raise BadRequest("The JSON body is nested too deeply.") from error
    if not isinstance(data, dict):
        raise BadRequest("The request body must be a JSON object.")
    return data


def reject_unknown(data: Mapping[str, object], known: set[str]) -> dict[str, str]:
    """A message for each field the endpoint does not accept."""
    return {name: "Unknown field." for name in data if name not in known}


def text_error(value: object, max_length: int, required: bool = True) -> str | None:
    """Explain why ``value`` is not acceptable text, or return None."""
    if not isinstance(value, str):
        return "Must be a string."
    if required and not value.strip():
        return "Must not be blank."
    if len(value) > max_length:
        return f"Must be at most {max_length} characters."
    if CONTROL_CHARACTER.search(value):
        return "Must not contain control characters other than line breaks and tabs."
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "Must be valid Unicode text."
    return None


def positive_int(name: str, default: int, errors: dict[str, str]) -> int:
    """Read a query-string whole number of 1 or more, noting a bad one in ``errors``."""
    raw = request.args.get(name)
    if raw is None:
        return default
    if not WHOLE_NUMBER.fullmatch(raw) or int(raw) < 1:
        errors[name] = "Must be a whole number of 1 or more."
        return default
    return int(raw)
