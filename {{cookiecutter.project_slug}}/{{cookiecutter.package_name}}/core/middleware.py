"""The WSGI layer every request passes first: it gives the request its id,
adds the security headers, logs the request's line, and answers the liveness
probe itself, before any of Flask's request machinery runs.

One layer rather than Flask's before and after hooks: the work is the same
for every request and needs nothing from Flask, and each hook costs a lookup
through Flask's context on every request.
"""

import logging
import random
import time
from collections.abc import Callable, Iterable
from typing import Any

from .health import LIVENESS
from .logs import REQUEST_ID, VALID_REQUEST_ID, log_request
from .security import HSTS, SECURITY_HEADERS

Environ = dict[str, Any]
StartResponse = Callable[..., Any]
WSGIApp = Callable[[Environ, StartResponse], Iterable[bytes]]

PROBES = {"/healthz", "/readyz"}
# Each security header with its name in lower case, to compare with others'.
LOCK_DOWN = [(header[0].lower(), header) for header in SECURITY_HEADERS.items()]
LIVENESS_HEADERS = [
    ("Content-Type", "application/json"),
    ("Content-Length", str(len(LIVENESS))),
]


class RequestMiddleware:
    """Wraps the app's WSGI callable; see the module's docstring."""

    def __init__(self, app: WSGIApp, log_probes: bool) -> None:
        self.app = app
        # Load balancers and orchestrators poll the probes every few seconds.
        self.probe_level = logging.INFO if log_probes else logging.DEBUG

    def __call__(
        self, environ: Environ, start_response: StartResponse
    ) -> Iterable[bytes]:
        started = time.perf_counter()
        incoming = environ.get("HTTP_X_REQUEST_ID", "")
        request_id = incoming
        if not VALID_REQUEST_ID.fullmatch(incoming):
            # An id must be unique, not secret: no need for the system's
            # random source, a system call on every request.
            request_id = f"{random.getrandbits(128):032x}"
        environ[REQUEST_ID] = request_id
        secure = environ.get("wsgi.url_scheme") == "https"
        answered = "500"

        def start(status: str, headers: list[tuple[str, str]], *exc_info: Any) -> Any:
            nonlocal answered
            answered = status
            add_headers(headers, request_id, secure)
            return start_response(status, headers, *exc_info)

        path = environ.get("PATH_INFO")
        method = environ.get("REQUEST_METHOD")
        body: Iterable[bytes]
        if path == "/healthz" and method in ("GET", "HEAD"):
            start("200 OK", list(LIVENESS_HEADERS))
            body = [LIVENESS] if method == "GET" else []
        else:
            try:
                body = self.app(environ, start)
            except BaseException:
                # What no handler answered, the server will: still one line.
                log_request(environ, "500", started, logging.INFO)
                raise
        level = self.probe_level if path in PROBES else logging.INFO
        log_request(environ, answered, started, level)
        return body


def add_headers(headers: list[tuple[str, str]], request_id: str, secure: bool) -> None:
    """Add the lock-down headers browsers need, except those the app set
    itself, and the request's id."""
    present = {name.lower() for name, _ in headers}
    if "x-request-id" in present:
        # The request's own id wins over one a view set.
        headers[:] = [
            header for header in headers if header[0].lower() != "x-request-id"
        ]
    headers.extend([header for name, header in LOCK_DOWN if name not in present])
    if secure and "strict-transport-security" not in present:
        headers.append(("Strict-Transport-Security", HSTS))
    headers.append(("X-Request-ID", request_id))
