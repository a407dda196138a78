"""Reliability: malformed HTTP on the wire to an every-option bake under gunicorn.

test_bad_input drives the app in-process; these requests can only be sent
over a socket: raw non-UTF-8 bytes, a body that never arrives, broken
chunked encoding. Each gets a 4xx; where the app answers, a JSON error.
"""

import http.client
import json
import re
import socket
import time
from email.message import Message

import pytest

from matrix import ALL_OPTIONS
from production import auth_headers, http_post_json, served_on_scratch_services

# An answer's status, headers and body.
Answer = tuple[int, Message, bytes]


@pytest.fixture(scope="module")
def served(bake, tmp_path_factory):
    """The port of the served every-option bake, and a signed-in header."""
    project = bake(use_jwt=True, **ALL_OPTIONS)
    workdir = tmp_path_factory.mktemp("bad-wire")
    with served_on_scratch_services(project, workdir) as (port, _):
        auth = auth_headers(project, http_post_json(f"http://127.0.0.1:{port}"))
        yield port, auth["Authorization"]


def exchange(port: int, head: bytes, body: bytes = b"") -> Answer:
    """Send raw bytes; return the status, headers and body of the answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(head + b"\r\n\r\n" + body)
        response = http.client.HTTPResponse(sock)
        response.begin()
        return response.status, response.headers, response.read()


def assert_json_error(answer: Answer, status: int) -> dict:
    """The app answered ``status`` with its JSON error; return the error."""
    code, headers, body = answer
    assert (code, headers["Content-Type"]) == (status, "application/json"), body
    error = json.loads(body)["error"]
    assert error["status"] == status
    return error


def request_head(method: str, target: bytes, *headers: bytes) -> bytes:
    """A request line and headers, with no blank line after them."""
    lines = [method.encode() + b" " + target + b" HTTP/1.1", b"Host: 127.0.0.1"]
    return b"\r\n".join([*lines, *headers])


def post_note_head(token: str, framing: bytes) -> bytes:
    """A signed-in JSON POST to /api/notes whose body ``framing`` announces."""
    return request_head(
        "POST",
        b"/api/notes",
        b"Authorization: " + token.encode(),
        b"Content-Type: application/json",
        framing,
    )


def test_raw_non_utf8_bytes_in_the_request_line_are_refused_by_gunicorn(served):
    """Gunicorn answers 400 for such a request line; the app never sees it."""
    port, _ = served
    status, _, body = exchange(port, request_head("GET", b"/api/\xff\xfe"))
    assert status == 400, body


def test_non_utf8_percent_escapes_in_the_path_are_a_404(served):
    """A path that decodes to no text matches no route."""
    port, _ = served
    assert_json_error(exchange(port, request_head("GET", b"/api/%FF%FE")), 404)


def test_non_utf8_percent_escapes_in_a_query_are_a_400(served):
    """Pagination that decodes to no number is refused, not crashed on."""
    port, token = served
    head = request_head(
        "GET", b"/api/notes?page=%FF%FE", b"Authorization: " + token.encode()
    )
    assert_json_error(exchange(port, head), 400)


def test_non_utf8_header_values_are_ignored_or_refused(served):
    """A mangled request id is replaced; a mangled token is a 401."""
    port, _ = served
    status, headers, _ = exchange(
        port, request_head("GET", b"/healthz", b"X-Request-ID: \xff")
    )
    assert status == 200
    assert re.fullmatch(r"[0-9a-f]{32}", headers["X-Request-ID"])
    head = request_head("GET", b"/api/notes", b"Authorization: Bearer \xff\xfe")
    assert_json_error(exchange(port, head), 401)


def test_a_declared_body_too_large_is_refused_before_it_is_sent(served):
    """The 413 comes at once, without waiting for the gigabyte announced."""
    port, token = served
    head = post_note_head(token, b"Content-Length: 1000000000")
    started = time.monotonic()
    assert_json_error(exchange(port, head), 413)
    assert time.monotonic() - started < 2


def test_malformed_json_on_the_wire_is_a_400(served):
    """A body cut off mid-object is a 400."""
    port, token = served
    body = b'{"title": "cut'
    head = post_note_head(token, b"Content-Length: " + str(len(body)).encode())
    assert_json_error(exchange(port, head, body), 400)


def test_broken_chunked_encoding_is_a_400(served):
    """A chunk size that is not hexadecimal is a client error, not a crash."""
    port, token = served
    head = post_note_head(token, b"Transfer-Encoding: chunked")
    error = assert_json_error(exchange(port, head, b"zz\r\n{}\r\n0\r\n\r\n"), 400)
    assert error["message"] == "The request body could not be read."


def test_a_chunked_body_past_the_limit_is_a_413(served):
    """Without a length to check up front, the body is refused once read."""
    port, token = served
    body = b'{"title": "padded"}' + b" " * 300_000
    chunks = b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body)
    head = post_note_head(token, b"Transfer-Encoding: chunked")
    assert_json_error(exchange(port, head, chunks), 413)
