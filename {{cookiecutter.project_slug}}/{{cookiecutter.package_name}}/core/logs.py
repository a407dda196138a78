"""Logging to stdout, one line per request, each line tagged with a request id."""

import logging
import re
import sys
import time
from typing import Any, TextIO
from urllib.parse import quote

from flask import Flask, has_request_context, request

# An incoming id is echoed into logs and headers, so only short plain ones are kept.
VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
# Where the WSGI layer (middleware.py) keeps the request's id in its environ.
REQUEST_ID = "{{ cookiecutter.package_name }}.request_id"
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
# Characters a path keeps in its log line; the rest are percent-encoded, so
# that %0A and friends cannot forge lines.
PATH_SAFE = "/:@!$&'()*+,;=~"

request_logger = logging.getLogger(f"{__package__}.requests")


class RequestIdFilter(logging.Filter):
    """Stamp each record with the current request's id, or "-" outside a request."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            environ = request.environ if has_request_context() else {}
            record.request_id = environ.get(REQUEST_ID, "-")
        return True


class LineFormatter(logging.Formatter):
    """FORMAT, with the date and time written once per second, not per line."""

    second: tuple[int, str] = (-1, "")

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        second, stamp = self.second
        if second != int(record.created):
            second = int(record.created)
            stamp = time.strftime(self.default_time_format, self.converter(second))
            # One assignment, so that threads never see a time and second apart.
            self.second = (second, stamp)
        return f"{stamp},{int(record.msecs):03d}"


class LineHandler(logging.StreamHandler[TextIO]):
    """Writes each record as one line, formatted before taking the lock, so
    that threads wait on each other only while a line is written."""

    def handle(self, record: logging.LogRecord) -> Any:
        if not self.filter(record):
            return False
        try:
            line = self.format(record) + self.terminator
            with self.lock:  # type: ignore[union-attr]
                self.stream.write(line)
                self.stream.flush()
        except RecursionError:
            raise
        except Exception:
            self.handleError(record)
        return True


def init_app(app: Flask) -> None:
    """Log to stdout outside tests."""
    if not app.testing:
        configure_logging(app.config["LOG_LEVEL"])


def configure_logging(level: str, stream: TextIO = sys.stdout) -> None:
    """Send every logger's records to ``stream`` at ``level`` and above."""
    handler = LineHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(LineFormatter(FORMAT))
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(level)


def log_request(
    environ: dict[str, Any], status: str, started: float, level: int
) -> None:
    """Log a request's method, path, status, duration and client address."""
    if not request_logger.isEnabledFor(level):
        return
    elapsed_ms = (time.perf_counter() - started) * 1000
    # WSGI hands the path over as bytes in a str; read as UTF-8, as Flask does.
    path = environ.get("PATH_INFO", "").encode("latin-1").decode("utf-8", "replace")
    line = (
        f"{environ['REQUEST_METHOD']} {quote(path, safe=PATH_SAFE)} {status[:3]}"
        f" {elapsed_ms:.1f}ms {environ.get('REMOTE_ADDR')}"
    )
    # What info() does, less its walk up the stack for the caller's file and
    # line, which the line does not show.
    record = request_logger.makeRecord(
        request_logger.name, level, __file__, 0, line, (), None
    )
    record.request_id = environ[REQUEST_ID]
    request_logger.handle(record)
