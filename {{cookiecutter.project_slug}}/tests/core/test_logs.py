"""Request ids and the per-request log line."""

import io
import logging
import re

from {{ cookiecutter.package_name }}.core.logs import configure_logging


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
    configure_logging("INFO", stream)
    client.get("/api/nothing-here", headers={"X-Request-ID": "req-1"})
    lines = [line for line in stream.getvalue().splitlines() if "[req-1]" in line]
    assert len(lines) == 1
    assert re.search(r"GET /api/nothing-here 404 \d+\.\dms 127\.0\.0\.1$", lines[0])
    assert " INFO " in lines[0]


def test_a_forged_line_break_in_the_path_stays_on_one_line(client, root_logger):
    """An encoded newline in the URL is logged encoded, not as a second line."""
    stream = io.StringIO()
    configure_logging("INFO", stream)
    client.get("/api/x%0A2026-01-01 ERROR forged")
    lines = stream.getvalue().splitlines()
    assert len(lines) == 1
    assert "/api/x%0A2026-01-01%20ERROR%20forged 404" in lines[0]


def test_log_level_filters_the_request_lines(client, root_logger):
    """At WARNING, routine request lines are dropped and warnings still written."""
    stream = io.StringIO()
    configure_logging("WARNING", stream)
    client.get("/healthz")
    logger = logging.getLogger("{{ cookiecutter.package_name }}")
    logger.warning("disk nearly full")
    output = stream.getvalue()
    assert "disk nearly full" in output
    assert "/healthz" not in output
