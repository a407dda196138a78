"""Logging to stdout, one line per request, each line tagged with a request id.

Request lines are the most frequent by far. While logging is as
configure_logging() set it up (direct_handler), each is written straight to
its handler, without the record and the formatting logging spends on every
line; otherwise it goes through logging like any other.
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

# How Werkzeug's development server (flask run) ends its line per request.
WERKZEUG_REQUEST_LINE = '"%s" %s %s'

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
        return f"{self.second_text(record.created)},{int(record.msecs):03d}"

    def second_text(self, created: float) -> str:
        """The local date and time, to the second, in logging's default format."""
        second = int(created)
        cached, text = self.second
        if cached != second:
            text = time.strftime(self.default_time_format, self.converter(second))
            # One assignment, so that threads never see a second and a text apart.
            self.second = (second, text)
        return text

    def request_line(self, level: int, request_id: str, message: str) -> str:
        """What format() makes of a request line's record."""
        now = time.time()
        fields = {
            "asctime": f"{self.second_text(now)},{int(now % 1 * 1000):03d}",
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
        filtered = self.filter(record)
        if not filtered:
            return False
        # Python 3.12 lets a filter return a record to use instead.
        if isinstance(filtered, logging.LogRecord):
            record = filtered
        try:
            self.write_line(self.format(record))
        except RecursionError:
            raise
        except Exception:
            self.handleError(record)
        return record

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
    # The app logs each request already, with its id; the development
    # server's own lines at startup and its errors stay.
    logging.getLogger("werkzeug").addFilter(not_a_werkzeug_request_line)


def not_a_werkzeug_request_line(record: logging.LogRecord) -> bool:
    """False for the line Werkzeug's development server logs per request."""
    return not (
        record.levelno == logging.INFO
        and str(record.msg).endswith(WERKZEUG_REQUEST_LINE)
    )


def direct_handler() -> LineHandler | None:
    """The handler configure_logging() installed, while a request line would
    reach it and only it, through no filter but the request id's: then the
    line can be written to it directly, as the handler would write it."""
    handler = LineHandler.installed
    if (
        handler is None
        or logging.root.handlers != [handler]
        or handler.level != logging.NOTSET
        or len(handler.filters) != 1
        or type(handler.formatter) is not LineFormatter
    ):
        return None
    logger: logging.Logger | None = request_logger
    while logger is not None and logger is not logging.root:
        if logger.handlers or logger.filters or not logger.propagate:
            return None
        logger = logger.parent
    return handler


def log_request(
    environ: dict[str, Any], status: str, started: float, level: int
) -> None:
    """Log a request's method, path, status, duration and client address."""
    if not request_logger.isEnabledFor(level):
        return
    elapsed_ms = (time.perf_counter() - started) * 1000
    # WSGI hands the path over as bytes in a str; read as UTF-8, and with
    # one leading slash, as Flask's request.path does.
    path = environ.get("PATH_INFO", "").encode("latin-1").decode("utf-8", "replace")
    path = "/" + path.lstrip("/")
    message = (
        f"{environ['REQUEST_METHOD']} {quote(path, safe=PATH_SAFE)} {status[:3]}"
        f" {elapsed_ms:.1f}ms {environ.get('REMOTE_ADDR')}"
    )
    request_id = environ[REQUEST_ID]
    if handler := direct_handler():
        try:
            handler.write_line(
                handler.formatter.request_line(level, request_id, message)
            )
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
