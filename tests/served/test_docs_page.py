"""The docs page in a browser: /api/docs of an every-option bake in headless
chromium, with Swagger UI from a stand-in for jsDelivr.

This machine need not reach jsDelivr, so a small HTTP server here serves the
files of Swagger UI's npm package at jsDelivr's paths, with the
Access-Control-Allow-Origin header jsDelivr sends (the page loads them with
crossorigin="anonymous"). Only the SWAGGER_UI line of the bake's
core/openapi.py changes, to point at it: the hashes, the page's policy built
from SWAGGER_UI, the template and the script stay as baked.
"""

import ast
import base64
import hashlib
import json
import re
import shutil
import tarfile
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import http, run
from matrix import ALL_OPTIONS
from production import answers, documented_operations, served_on_scratch_services
from services import skip_or_fail

# One app, one stand-in CDN and a few browser runs, on one worker.
pytestmark = pytest.mark.xdist_group("docs-page")

# Where the bake takes Swagger UI from; the version is the npm package's.
CDN = re.compile(r"https://cdn\.jsdelivr\.net/npm/swagger-ui-dist@([0-9][\w.+-]*)")
# The line the test rewrites, exactly once.
SWAGGER_UI_LINE = re.compile(r'^SWAGGER_UI = "[^"\n]*"$', re.M)
# How chromium logs what the page's console shows: CSP violations, failed
# integrity checks, uncaught errors, console.error().
CONSOLE = "INFO:CONSOLE"
# What chromium says when a file does not match its integrity attribute.
INTEGRITY_FAILURE = "Failed to find a valid digest in the 'integrity' attribute"
CONTENT_TYPES = {
    ".js": "text/javascript",
    ".css": "text/css",
    ".map": "application/json",
}


def program(name: str, reason: str) -> str:
    """A program's path; skip without it, or fail with REQUIRE_SERVICES=1."""
    found = shutil.which(name)
    if found is None:
        skip_or_fail(f"{name} is not installed, so {reason}")
    return found


def chromium_program() -> str:
    """The chromium binary; skip without it, or fail with REQUIRE_SERVICES=1."""
    return program(
        "chromium",
        "the docs page cannot be loaded in a browser; install it with "
        "apt-get install -y chromium (.ci/run does)",
    )


def openapi_module(project: Path) -> Path:
    """The bake's core/openapi.py."""
    return project / answers(project)["package_name"] / "core" / "openapi.py"


def swagger_ui_settings(openapi: Path) -> tuple[str, dict[str, str]]:
    """SWAGGER_UI and SWAGGER_UI_HASHES as the bake's core/openapi.py gives them."""
    values = {
        target.id: ast.literal_eval(node.value)
        for node in ast.parse(openapi.read_text()).body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
        and target.id in ("SWAGGER_UI", "SWAGGER_UI_HASHES")
    }
    return values["SWAGGER_UI"], values["SWAGGER_UI_HASHES"]


def sri_sha384(data: bytes) -> str:
    """A subresource-integrity value for these bytes."""
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()


def npm_package(spec: str, workdir: Path) -> Path:
    """The folder of an npm package's files, from ``npm pack``."""
    npm = program(
        "npm",
        "Swagger UI's files cannot be fetched to check the docs page's hashes; "
        "npm comes with Node.js (apt-get install -y npm; .ci/run does)",
    )
    result = run([npm, "pack", spec, "--json"], workdir, timeout=120)
    assert result.returncode == 0, result.stderr
    [packed] = json.loads(result.stdout)
    with tarfile.open(workdir / packed["filename"]) as archive:
        archive.extractall(workdir, filter="data")
    # npm packs every package's files under package/.
    return workdir / "package"


class FakeCdn(ThreadingHTTPServer):
    """Serves a package's files under ``prefix`` as jsDelivr does, with CORS.

    ``replaced`` gives other bytes for some file names; ``requested`` lists
    the paths asked for.
    """

    daemon_threads = True

    def __init__(self, root: Path, prefix: str) -> None:
        super().__init__(("127.0.0.1", 0), CdnHandler)
        self.root = root
        self.prefix = prefix
        self.replaced: dict[str, bytes] = {}
        self.requested: list[str] = []

    def content(self, path: str) -> bytes | None:
        """The bytes served at ``path``, or None for a 404."""
        if not path.startswith(self.prefix):
            return None
        name = path.removeprefix(self.prefix)
        if name in self.replaced:
            return self.replaced[name]
        file = (self.root / name).resolve()
        if not file.is_relative_to(self.root.resolve()) or not file.is_file():
            return None
        return file.read_bytes()


class CdnHandler(BaseHTTPRequestHandler):
    """Answers a GET with a FakeCdn's file, or a 404."""

    server: FakeCdn

    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        self.server.requested.append(path)
        body = self.server.content(path)
        if body is None:
            self.send_error(404)
            return
        self.send_response(200)
        content_type = CONTENT_TYPES.get(Path(path).suffix, "application/octet-stream")
        self.send_header("Content-Type", f"{content_type}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:
        """Quiet: the test reads ``requested`` instead."""


@contextmanager
def fake_cdn(root: Path, prefix: str) -> Iterator[FakeCdn]:
    """A FakeCdn on a free port of 127.0.0.1, stopped afterwards."""
    server = FakeCdn(root, prefix)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="module")
def swagger_ui(bake, tmp_path_factory):
    """An every-option bake, its Swagger UI hashes, and its npm package's files."""
    project = bake(use_jwt=True, **ALL_OPTIONS)
    assets, hashes = swagger_ui_settings(openapi_module(project))
    match = CDN.fullmatch(assets)
    assert match, f"SWAGGER_UI is no longer a jsDelivr URL: {assets}"
    version = match.group(1)
    package = npm_package(f"swagger-ui-dist@{version}", tmp_path_factory.mktemp("npm"))
    return project, version, hashes, package


@pytest.fixture(scope="module")
def docs_page(swagger_ui, tmp_path_factory):
    """The served bake's port, Swagger UI from the fake CDN, and the CDN."""
    chromium_program()
    project, version, _, package = swagger_ui
    prefix = f"/npm/swagger-ui-dist@{version}/"
    with fake_cdn(package, prefix) as cdn:
        local = f"http://127.0.0.1:{cdn.server_address[1]}{prefix.rstrip('/')}"
        openapi = openapi_module(project)
        text, count = SWAGGER_UI_LINE.subn(
            f'SWAGGER_UI = "{local}"', openapi.read_text()
        )
        assert count == 1, f"{openapi} no longer has one SWAGGER_UI line"
        openapi.write_text(text)
        workdir = tmp_path_factory.mktemp("docs-page")
        with served_on_scratch_services(project, workdir) as (port, _):
            yield port, cdn


def load_in_chromium(url: str, tmp_path: Path) -> tuple[str, list[str]]:
    """The DOM of ``url`` once headless chromium has run its scripts, and the
    console lines chromium logged."""
    args = [
        chromium_program(),
        "--headless",
        # Root here, and chromium's sandbox refuses to run as root.
        "--no-sandbox",
        "--disable-gpu",
        # A profile of this run's own: no cache or lock shared with another.
        f"--user-data-dir={tmp_path / 'chromium-profile'}",
        "--no-first-run",
        "--virtual-time-budget=8000",
        "--enable-logging=stderr",
        "--v=0",
        "--dump-dom",
        url,
    ]
    result = run(args, tmp_path, timeout=120)
    assert result.returncode == 0, result.stderr[-4000:]
    console = [line for line in result.stderr.splitlines() if CONSOLE in line]
    return result.stdout, console


def rendered_paths(dom: str) -> set[str]:
    """The paths of the operations Swagger UI drew."""
    return set(re.findall(r'data-path="([^"]*)"', dom))


def rendered_methods(dom: str) -> Counter[str]:
    """How many operations Swagger UI drew, by method."""
    return Counter(re.findall(r'class="opblock opblock-([a-z]+)[ "]', dom))


def test_the_hashes_are_those_of_the_npm_package(swagger_ui):
    """Each file the page loads has the hash the bake gives it: a version
    moved without its hashes fails here."""
    _, version, hashes, package = swagger_ui
    assert set(hashes) == {"swagger-ui.css", "swagger-ui-bundle.js"}
    for name, expected in hashes.items():
        actual = sri_sha384((package / name).read_bytes())
        assert actual == expected, f"{name} of swagger-ui-dist@{version}"


def test_the_page_renders_every_operation_without_console_errors(docs_page, tmp_path):
    """Swagger UI loads past the policy and the integrity checks, fetches the
    document and draws each of its operations, and the console stays empty."""
    port, cdn = docs_page
    status, _, body = http(f"http://127.0.0.1:{port}/api/openapi.json")
    assert status == 200, body
    operations = documented_operations(json.loads(body))
    assert len(operations) >= 12
    dom, console = load_in_chromium(f"http://127.0.0.1:{port}/api/docs", tmp_path)
    assert console == []
    assert rendered_paths(dom) == {path for _, path in operations}, dom[-4000:]
    assert rendered_methods(dom) == Counter(method for method, _ in operations)
    assert {path.rsplit("/", 1)[1] for path in cdn.requested} >= {
        "swagger-ui.css",
        "swagger-ui-bundle.js",
    }


def test_a_script_that_does_not_match_its_hash_is_not_run(docs_page, tmp_path):
    """The CDN serves a changed swagger-ui-bundle.js: chromium refuses it, and
    nothing is drawn."""
    port, cdn = docs_page
    original = (cdn.root / "swagger-ui-bundle.js").read_bytes()
    # Still a working script: only its integrity check can stop it.
    cdn.replaced["swagger-ui-bundle.js"] = original + b"\n// changed\n"
    try:
        dom, console = load_in_chromium(f"http://127.0.0.1:{port}/api/docs", tmp_path)
    finally:
        cdn.replaced.clear()
    assert any(
        INTEGRITY_FAILURE in line and "/swagger-ui-bundle.js" in line
        for line in console
    ), console
    assert rendered_paths(dom) == set()
    assert rendered_methods(dom) == Counter()
    assert 'id="swagger-ui"' in dom
