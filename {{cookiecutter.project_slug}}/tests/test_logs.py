"""Request ids and the per-request log line."""

import io
import re

from {{ cookiecutter.package_name }}.logs import configure_logging


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


def test_each_request_logs_one_line_with_its_id(app, client, root_logger):
    """The log line names method, path, status, duration and request id."""
    stream = io.StringIO()
    configure_logging("INFO", stream)
    client.get("/api/nothing-here", headers={"X-Request-ID": "req-1"})
    lines = [line for line in stream.getvalue().splitlines() if "[req-1]" in line]
    assert len(lines) == 1
    assert re.search(r"GET /api/nothing-here 404 \d+\.\dms$", lines[0])
    assert " INFO " in lines[0]


def test_log_level_filters_the_request_lines(client, root_logger):
    """At WARNING, routine request lines are not written."""
    stream = io.StringIO()
    configure_logging("WARNING", stream)
    client.get("/healthz")
    assert stream.getvalue() == ""
