"""WebSockets that end quietly on Werkzeug's development server (``flask run``).

There, python-engineio runs a WebSocket on the connection it takes over from
Werkzeug, and when the WebSocket ends it raises ConnectionError, so that
Werkzeug treats the request as one whose client has gone and writes no answer.
But in debug mode Werkzeug's debugger wraps the app and catches the error
first: it logs a 500 and a traceback for every closed WebSocket. Without the
debugger, Werkzeug still reads the connection for a next request, and logs
the client's closing frame as a malformed one.
"""

import socket
from collections.abc import Callable, Iterable
from contextlib import suppress
from typing import Any

Environ = dict[str, Any]
StartResponse = Callable[..., Any]
WSGIApp = Callable[[Environ, StartResponse], Iterable[bytes]]


class WebSocketEnd:
    """Ends the request of a finished WebSocket before the debugger sees it.

    The connection is shut, then the request answered: Werkzeug, which
    cannot send the answer, takes the client for gone, as it is, and reads
    nothing more from the connection. Under any other server (gunicorn has
    no "werkzeug.socket") errors pass through untouched.
    """

    def __init__(self, app: WSGIApp) -> None:
        self.app = app

    def __call__(
        self, environ: Environ, start_response: StartResponse
    ) -> Iterable[bytes]:
        try:
            return self.app(environ, start_response)
        except ConnectionError:
            connection = environ.get("werkzeug.socket")
            upgrade = environ.get("HTTP_UPGRADE", "").lower()
            if connection is None or upgrade != "websocket":
                raise
        # The client may have reset the connection already.
        with suppress(OSError):
            connection.shutdown(socket.SHUT_RDWR)
        start_response("101 Switching Protocols", [])
        return []
