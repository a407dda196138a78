"""Production behind nginx: the bake's own deploy/nginx.conf in front of gunicorn.

nginx answers a body, URL or headers too large itself, before gunicorn or the
app see the request; under /api those answers must be the API's JSON errors,
elsewhere nginx's own pages. The site is the bake's file, changed only where a
test host differs: plain HTTP on a free port instead of TLS, no redirect
server, and the served app's port upstream.
"""

import contextlib
import http.client
import json
import os
import re
import shutil
import socket
import threading
from email.message import Message
from pathlib import Path

import pytest

from conftest import clean_env, free_port, start, stop, wait_for_http
from matrix import ALL_OPTIONS
from production import served_on_scratch_services
from services import skip_or_fail

# One app and one nginx for the whole module, on one worker.
pytestmark = pytest.mark.xdist_group("nginx")

# An answer's status, headers and body.
Answer = tuple[int, Message, bytes]

# What the test host cannot have, and what it runs instead: (pattern,
# replacement, how many times the site must contain the pattern).
SITE_REWRITES = [
    # The redirect from port 80 to HTTPS.
    (r"server {\n    listen 80;\n.*?\n}\n", "", 1),
    # TLS: no certificate here. http2 goes too: browsers only speak it over
    # TLS, and Debian 12's nginx 1.22 predates the directive.
    (r"    listen 443 ssl;\n", "    listen 127.0.0.1:{port};\n", 1),
    (r"    http2 on;\n", "", 1),
    (r"    ssl_certificate(_key)? \S+;\n", "", 2),
    (r"server 127\.0\.0\.1:8000;", "server 127.0.0.1:{upstream};", 1),
]
# Where the site's nginx writes, so that it needs nothing outside tmp_path;
# the site itself goes inside http {}, as a conf.d include would put it.
MAIN_CONFIG = """\
{user}pid {root}/nginx.pid;
error_log stderr notice;
daemon off;
worker_processes 1;
events {{}}
http {{
    access_log {root}/access.log;
    client_body_temp_path {root}/client_body;
    proxy_temp_path {root}/proxy;
    fastcgi_temp_path {root}/fastcgi;
    uwsgi_temp_path {root}/uwsgi;
    scgi_temp_path {root}/scgi;
{site}
}}
"""
# Over client_max_body_size (16m), and over large_client_header_buffers
# (4 8k, nginx's default): one request line or header line past 8 KiB.
BODY_TOO_LARGE = 17 * 1024 * 1024
LINE_TOO_LONG = 20_000


def nginx_program() -> str:
    """The nginx binary; skip without it, or fail with REQUIRE_SERVICES=1."""
    found = shutil.which("nginx") or next(
        (path for path in ["/usr/sbin/nginx"] if Path(path).exists()), None
    )
    if found is None:
        skip_or_fail(
            "nginx is not installed, so deploy/nginx.conf cannot be served; "
            "install it with apt-get install -y nginx (.ci/run does)"
        )
    return found


def local_site(site: str, port: int, upstream: int) -> str:
    """The bake's site with SITE_REWRITES applied, each where it must match."""
    for pattern, replacement, count in SITE_REWRITES:
        text = replacement.format(port=port, upstream=upstream)
        site, found = re.subn(pattern, text, site, flags=re.S)
        assert found == count, f"deploy/nginx.conf no longer matches {pattern!r}"
    return site


@pytest.fixture(scope="module")
def nginx(bake, tmp_path_factory):
    """The port of nginx with the bake's site, before a served every-option bake."""
    program = nginx_program()
    project = bake(use_jwt=True, **ALL_OPTIONS)
    workdir = tmp_path_factory.mktemp("nginx")
    with served_on_scratch_services(project, workdir, TRUSTED_PROXIES="1") as (
        upstream,
        _,
    ):
        root = workdir / "nginx"
        root.mkdir()
        port = free_port()
        site = local_site((project / "deploy/nginx.conf").read_text(), port, upstream)
        # As root nginx would run its workers as an unprivileged user that
        # cannot enter tmp_path.
        user = "user root;\n" if os.geteuid() == 0 else ""
        config = root / "nginx.conf"
        config.write_text(MAIN_CONFIG.format(user=user, root=root, site=site))
        args = [program, "-p", str(root), "-e", "stderr", "-c", str(config)]
        server = start(args, root, clean_env())
        try:
            wait_for_http(f"http://127.0.0.1:{port}/healthz", server, timeout=15)
            yield port
        finally:
            stop(server)


def exchange(port: int, head: bytes, body: bytes = b"") -> Answer:
    """Send a request head, and a body beside reading the answer; return it.

    nginx may answer before the body is all sent, so a thread sends it while
    this one reads.
    """
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(head + b"\r\n\r\n")

        def send_body() -> None:
            # nginx may close the connection once it has answered.
            with contextlib.suppress(OSError):
                sock.sendall(body)

        sender = threading.Thread(target=send_body)
        sender.start()
        try:
            response = http.client.HTTPResponse(sock)
            response.begin()
            return response.status, response.headers, response.read()
        finally:
            # Unblocks the sender if nginx stopped reading the body.
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sender.join()


def request_head(method: str, target: str, *headers: str) -> bytes:
    """A request line and headers, with no blank line after them."""
    lines = [f"{method} {target} HTTP/1.1", "Host: 127.0.0.1", *headers]
    return "\r\n".join(lines).encode()


def too_large(path: str, what: str) -> tuple[bytes, bytes]:
    """A request to ``path`` whose body, url or headers are over nginx's limits."""
    return {
        "body": (
            request_head(
                "POST",
                path,
                "Content-Type: application/json",
                f"Content-Length: {BODY_TOO_LARGE}",
            ),
            b" " * BODY_TOO_LARGE,
        ),
        "url": (request_head("GET", f"{path}?q={'a' * LINE_TOO_LONG}"), b""),
        "headers": (
            request_head("GET", path, f"Cookie: c={'a' * LINE_TOO_LONG}"),
            b"",
        ),
    }[what]


@pytest.mark.parametrize(
    ("what", "status"), [("body", 413), ("url", 414), ("headers", 431)]
)
def test_nginx_answers_requests_too_large_for_the_api_in_its_json_shape(
    nginx, what, status
):
    """A body, URL or header over nginx's limits is a JSON error under /api."""
    head, body = too_large("/api/notes", what)
    code, headers, answer = exchange(nginx, head, body)
    assert (code, headers["Content-Type"]) == (status, "application/json"), answer
    error = json.loads(answer)["error"]
    assert error["status"] == status
    assert error["message"].endswith(".")


@pytest.mark.parametrize(
    ("what", "status"), [("body", 413), ("url", 414), ("headers", 400)]
)
def test_elsewhere_nginx_answers_with_its_own_pages(nginx, what, status):
    """Outside /api the answers stay nginx's HTML, headers too large a 400."""
    for path in ("/", "/apiary"):
        head, body = too_large(path, what)
        code, headers, answer = exchange(nginx, head, body)
        assert (code, headers["Content-Type"]) == (status, "text/html"), answer
        assert b"<center>nginx" in answer


def test_requests_within_the_limits_reach_the_app(nginx):
    """The API document and the health check come from the app, through nginx."""
    code, headers, answer = exchange(nginx, request_head("GET", "/api/openapi.json"))
    assert (code, headers["Content-Type"]) == (200, "application/json"), answer
    assert json.loads(answer)["openapi"].startswith("3.1")
    assert headers["X-Content-Type-Options"] == "nosniff"
    code, _, answer = exchange(nginx, request_head("GET", "/healthz"))
    assert code == 200, answer


def test_the_answers_cannot_be_requested_directly(nginx):
    """The locations error_page picks are internal: a client gets a 404."""
    code, _, answer = exchange(nginx, request_head("GET", "/_nginx/api/413"))
    assert code == 404, answer
