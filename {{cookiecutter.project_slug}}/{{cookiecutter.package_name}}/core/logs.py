"""Logging to stdout, one line per request, each line tagged with a request id."""

import logging
import re
import sys
import time
import uuid
from typing import TextIO
from urllib.parse import quote

from flask import Flask, Response, g, has_request_context, request

# An incoming id is echoed into logs and headers, so only short plain ones are kept.
VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"

request_logger = logging.getLogger(f"{__package__}.requests")


class RequestIdFilter(logging.Filter):
    """Stamp each record with the current request's id, or "-" outside a request."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = g.get("request_id", "-") if has_request_context() else "-"
        return True


def init_app(app: Flask) -> None:
    """Log to stdout outside tests and time every request."""
    if not app.testing:
        configure_logging(app.config["LOG_LEVEL"])
    app.before_request(start_request)
    app.after_request(log_request)


def configure_logging(level: str, stream: TextIO = sys.stdout) -> None:
    """Send every logger's records to ``stream`` at ``level`` and above."""
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(logging.Formatter(FORMAT))
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(level)


def start_request() -> None:
    """Adopt the caller's X-Request-ID when it is usable, else make one."""
    incoming = request.headers.get("X-Request-ID", "")
    valid = VALID_REQUEST_ID.fullmatch(incoming)
    g.request_id = incoming if valid else uuid.uuid4().hex
    g.request_started = time.perf_counter()


def log_request(response: Response) -> Response:
    """Return the request id; log the outcome, duration and client address."""
    response.headers["X-Request-ID"] = g.request_id
    elapsed_ms = (time.perf_counter() - g.request_started) * 1000
    # Re-quoting the decoded path keeps %0A and friends from forging log lines.
    request_logger.info(
        "%s %s %s %.1fms %s",
        request.method,
        quote(request.path, safe="/:@!$&'()*+,;=~"),
        response.status_code,
        elapsed_ms,
        request.remote_addr,
    )
    return response
