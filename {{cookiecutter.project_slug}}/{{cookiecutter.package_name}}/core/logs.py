"""Logging to stdout, one line per request, each line tagged with a request id.

Request lines are the most frequent by far. While logging is as
configure_logging() set it up, each is written straight to its handler,
without the record and the formatting logging spends on every line;
otherwise it goes through logging like any other.
"""

import logging
import re
import sys
import time
from typing import Any, ClassVar, TextIO
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
    """FORMAT, with each second's date and time formatted once, not per line."""

    def __init__(self) -> None:
        super().__init__(FORMAT)
        self.second = (-1, "")

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        return self.timestamp(record.created)

    def timestamp(self, created: float) -> str:
        """The local time in logging's default format, to the millisecond."""
        second = int(created)
        cached, stamp = self.second
        if cached != second:
            stamp = time.strftime(self.default_time_format, self.converter(second))
            # One assignment, so that threads never see a second and a text apart.
            self.second = (second, stamp)
        return f"{stamp},{int((created - second) * 1000):03d}"

    def request_line(self, level: int, request_id: str, message: str) -> str:
        """What format() makes of a request line's record."""
        fields = {
            "asctime": self.timestamp(time.time()),
            "levelname": logging.getLevelName(level),
            "name": request_logger.name,
            "request_id": request_id,
            "message": message,
        }
        return FORMAT % fields


class LineHandler(logging.StreamHandler[TextIO]):
    """Writes each line whole and flushed at once, under the handler's lock:
    no line waits in a buffer to be lost if the process dies, and no two
    threads' (or, with gevent's patched locks, greenlets') lines mix. A
    record is formatted before the lock is taken, so that they wait on each
    other only while a line is written."""

    # The handler configure_logging() set up last.
    installed: ClassVar["LineHandler | None"] = None
    formatter: LineFormatter

    def handle(self, record: logging.LogRecord) -> Any:
        if not self.filter(record):
            return False
        try:
            self.write_line(self.format(record))
        except RecursionError:
            raise
        except Exception:
            self.handleError(record)
        return True

    def write_line(self, line: str) -> None:
        with self.lock:  # type: ignore[union-attr]
            self.stream.write(line + self.terminator)
            self.stream.flush()


def init_app(app: Flask) -> None:
    """Log to stdout outside tests."""
    if not app.testing:
        configure_logging(app.config["LOG_LEVEL"])


def configure_logging(level: str, stream: TextIO = sys.stdout) -> None:
    """Send every logger's records to ``stream`` at ``level`` and above."""
    handler = LineHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(LineFormatter())
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(level)
    LineHandler.installed = handler


def log_request(
    environ: dict[str, Any], status: str, started: float, level: int
) -> None:
    """Log a request's method, path, status, duration and client address."""
    if not request_logger.isEnabledFor(level):
        return
    elapsed_ms = (time.perf_counter() - started) * 1000
    # WSGI hands the path over as bytes in a str; read as UTF-8, as Flask does.
    path = environ.get("PATH_INFO", "").encode("latin-1").decode("utf-8", "replace")
    message = (
        f"{environ['REQUEST_METHOD']} {quote(path, safe=PATH_SAFE)} {status[:3]}"
        f" {elapsed_ms:.1f}ms {environ.get('REMOTE_ADDR')}"
    )
    request_id = environ[REQUEST_ID]
    handler = LineHandler.installed
    if handler is not None and logging.root.handlers == [handler]:
        try:
            line = handler.formatter.request_line(level, request_id, message)
            handler.write_line(line)
            return
        except Exception:
            pass  # Through logging, which reports the failure its own way.
    # What info() does, less its walk up the stack for the caller's file and
    # line, which the line does not show.
    record = request_logger.makeRecord(
        request_logger.name, level, __file__, 0, message, (), None
    )
    record.request_id = request_id
    request_logger.handle(record)
