"""Request ids and the per-request log line."""

import http.client
import io
import logging
import re
import socket
import threading
import time

import pytest
from werkzeug.serving import make_server

from {{ cookiecutter.package_name }}.core import logs

# A request's line: time, level, logger, id, then the request.
REQUEST_LINE = re.compile(
    r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} INFO \S+\.requests \[[0-9a-f]{32}\] "
    r"GET /api/x\d+ 404 \d+\.\dms 127\.0\.0\.1"
)


def test_a_request_id_is_made_when_none_comes_in(client):
    """Each response carries a fresh request id."""
    first = client.get("/healthz").headers["X-Request-ID"]
    second = client.get("/healthz").headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", first)
    assert first != second


def test_an_incoming_request_id_is_kept(client):
    """A proxy's X-Request-ID is reused so logs can be joined up."""
    response = client.get("/healthz", headers={"X-Request-ID": "edge-42.a"})
    assert response.headers["X-Request-ID"] == "edge-42.a"


def test_an_unsafe_request_id_is_replaced(client):
    """An id that could forge log lines or headers is not echoed back."""
    forged = 'abc" level=ERROR ' + "y" * 200
    response = client.get("/healthz", headers={"X-Request-ID": forged})
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-ID"])


def test_each_request_logs_one_line_with_its_id(client, root_logger):
    """The log line names method, path, status, duration, client and request id."""
    stream = io.StringIO()
    logs.configure_logging("INFO", stream)
    client.get("/api/nothing-here", headers={"X-Request-ID": "req-1"})
    lines = [line for line in stream.getvalue().splitlines() if "[req-1]" in line]
    assert len(lines) == 1
    assert re.search(r"GET /api/nothing-here 404 \d+\.\dms 127\.0\.0\.1$", lines[0])
    assert " INFO " in lines[0]


def test_a_forged_line_break_in_the_path_stays_on_one_line(client, root_logger):
    """An encoded newline in the URL is logged encoded, not as a second line."""
    stream = io.StringIO()
    logs.configure_logging("INFO", stream)
    client.get("/api/x%0A2026-01-01 ERROR forged")
    lines = stream.getvalue().splitlines()
    assert len(lines) == 1
    assert "/api/x%0A2026-01-01%20ERROR%20forged 404" in lines[0]


def test_log_level_filters_the_request_lines(client, root_logger):
    """At WARNING, routine request lines are dropped and warnings still written."""
    stream = io.StringIO()
    logs.configure_logging("WARNING", stream)
    client.get("/api/nothing-here")
    logger = logging.getLogger("{{ cookiecutter.package_name }}")
    logger.warning("disk nearly full")
    output = stream.getvalue()
    assert "disk nearly full" in output
    assert "/api/nothing-here" not in output


def test_probes_are_logged_at_debug(make_app, root_logger):
    """Load balancers call the probes every few seconds: their lines are DEBUG."""
    client = make_app().test_client()
    stream = io.StringIO()
    logs.configure_logging("INFO", stream)
    client.get("/healthz")
    client.get("/readyz")
    assert stream.getvalue() == ""
    logs.configure_logging("DEBUG", stream)
    client.get("/healthz")
    client.get("/readyz")
    assert " DEBUG " in stream.getvalue()
    assert "GET /healthz 200" in stream.getvalue()
    assert "GET /readyz 200" in stream.getvalue()


def test_log_probes_logs_them_at_info(make_app, root_logger):
    """LOG_PROBES=true puts the probes' lines beside every other request's."""
    client = make_app(LOG_PROBES="true").test_client()
    stream = io.StringIO()
    logs.configure_logging("INFO", stream)
    client.get("/healthz")
    assert re.search(r" INFO \S+ \[\w+\] GET /healthz 200 ", stream.getvalue())


def test_a_request_line_reaches_every_handler(client, root_logger):
    """The line is the same written straight to the app's handler as through
    logging to others, such as one added after the app set up logging."""
    stream, other = io.StringIO(), io.StringIO()
    logs.configure_logging("INFO", stream)
    client.get("/api/x1")
    added = logging.StreamHandler(other)
    added.setFormatter(logs.LineFormatter())
    root_logger.addHandler(added)
    client.get("/api/x2")
    mine, theirs = stream.getvalue().splitlines(), other.getvalue().splitlines()
    assert len(mine) == 2 and len(theirs) == 1
    assert all(REQUEST_LINE.fullmatch(line) for line in mine + theirs)
    assert mine[1] == theirs[0]


class ByteByByte(io.StringIO):
    """A stream that writes a character at a time, letting other threads run
    between characters, as a pipe may take a long line in pieces."""

    def write(self, text: str) -> int:
        for character in text:
            super().write(character)
            time.sleep(0)
        return len(text)


def request_from_threads(app) -> None:
    """200 requests from 8 threads; one in each has a path longer than a
    pipe takes in one write (4 KiB)."""

    def requests(first: int) -> None:
        client = app.test_client()
        for number in range(first, first + 25):
            suffix = "9" * 5000 if number == first else ""
            client.get(f"/api/x{number}{suffix}")

    threads = [threading.Thread(target=requests, args=(n * 100,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def assert_whole_lines(written: str) -> None:
    """One whole line per request of request_from_threads()."""
    lines = written.splitlines()
    assert len(lines) == 200
    assert all(REQUEST_LINE.fullmatch(line) for line in lines)
    assert sum(len(line) > 5000 for line in lines) == 8


def test_lines_from_many_threads_stay_whole(app, root_logger):
    """Requests on many threads each leave one whole line, none mixed, even
    on a stream that takes a character at a time."""
    stream = ByteByByte()
    logs.configure_logging("INFO", stream)
    request_from_threads(app)
    assert_whole_lines(stream.getvalue())


def test_lines_written_to_a_file_stay_whole(app, root_logger, tmp_path):
    """So they do written to a file, as stdout often is under gunicorn."""
    path = tmp_path / "log"
    with path.open("w") as stream:
        logs.configure_logging("INFO", stream)
        request_from_threads(app)
    assert_whole_lines(path.read_text())


def test_the_time_is_loggings_own(root_logger):
    """Formatting each second once gives what logging's formatter gives,
    across second boundaries and back."""
    mine, theirs = logs.LineFormatter(), logging.Formatter()
    second = 1_764_650_000
    for created in (second, second + 0.999, second + 1.5, second + 0.25):
        msecs = (created - int(created)) * 1000
        record = logging.makeLogRecord({"created": created, "msecs": msecs})
        assert mine.formatTime(record) == theirs.formatTime(record)


def test_a_request_that_raises_still_leaves_its_line(make_app, root_logger):
    """An error no handler answers is logged as the 500 the server will send."""
    app = make_app()

    @app.get("/api/broken")
    def broken():
        raise RuntimeError("boom")

    stream = io.StringIO()
    logs.configure_logging("INFO", stream)
    # Tests' apps let errors through to the test, as a server would get them.
    with pytest.raises(RuntimeError):
        app.test_client().get("/api/broken")
    assert re.search(r"GET /api/broken 500 \d+\.\dms", stream.getvalue())


def test_a_view_cannot_replace_the_request_id(make_app):
    """The answer carries the request's id once, whatever the view set."""
    app = make_app()

    @app.get("/api/own-id")
    def own_id():
        return {}, 200, {"X-Request-ID": "the view's"}

    response = app.test_client().get("/api/own-id", headers={"X-Request-ID": "req-9"})
    assert response.headers.getlist("X-Request-ID") == ["req-9"]


def test_a_filter_on_the_request_logger_is_obeyed(client, root_logger):
    """Logging set up further keeps its say over the request lines."""
    stream = io.StringIO()
    logs.configure_logging("INFO", stream)
    quiet = logging.Filter("nothing")  # passes no record
    logs.request_logger.addFilter(quiet)
    try:
        client.get("/api/x1")
    finally:
        logs.request_logger.removeFilter(quiet)
    client.get("/api/x2")
    assert "/api/x1" not in stream.getvalue()
    assert "/api/x2" in stream.getvalue()


def test_the_development_server_adds_no_line_per_request(app, root_logger):
    """Under flask run a request leaves one line, the app's with its id, not
    Werkzeug's as well; what Werkzeug itself refuses is still logged."""
    stream = io.StringIO()
    logs.configure_logging("INFO", stream)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever)
    thread.start()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", server.server_port)
        connection.request("GET", "/api/x1")
        assert connection.getresponse().status == 404
        connection.close()
        with socket.create_connection(("127.0.0.1", server.server_port)) as sock:
            sock.sendall(b"NOT A REQUEST\r\n\r\n")
            sock.recv(1024)
    finally:
        server.shutdown()
        thread.join()
    lines = stream.getvalue().splitlines()
    assert len(lines) == 2, lines
    assert REQUEST_LINE.fullmatch(lines[0])
    assert " ERROR werkzeug [-] " in lines[1]
    assert "Bad request version" in lines[1]
