"""The front page in headless Chromium, driven by Playwright: it lists the
routes `flask routes` shows, and under `flask run` its live panel signs in,
receives Socket.IO events and leaves a quiet development log."""

import re
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from conftest import clean_env, free_port, http, run, start, stop, wait_for_http
from matrix import ALL_OPTIONS
from production import production_env, served_on_scratch_services
from services import skip_or_fail

# The answers of a bake with every option: the page lists the most routes.
RICH = {"use_jwt": True, **ALL_OPTIONS}
PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's chromium, headless."""
    chromium = shutil.which("chromium")
    if chromium is None:
        skip_or_fail(
            "chromium is not installed, so the front page cannot be opened in a "
            "browser; install it with apt-get install -y chromium (.ci/run does)"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium)
        yield browser
        browser.close()


def flask_routes(project: Path, env: dict[str, str]) -> set[tuple[str, str]]:
    """(method, rule) of each route `flask routes` shows, but the static
    files' and HEAD and OPTIONS, which the page leaves out."""
    result = run([sys.executable, "-m", "flask", "routes"], project, env=env)
    assert result.returncode == 0, result.stderr
    found = set()
    # Endpoint, methods ("GET, POST") and rule, in columns two spaces or more apart.
    for line in result.stdout.splitlines()[2:]:
        endpoint, methods, rule = re.split(r"\s{2,}", line.strip())
        if endpoint != "static":
            found |= {(method, rule) for method in methods.split(", ")}
    return {route for route in found if route[0] not in ("HEAD", "OPTIONS")}


def listed_routes(page: Page) -> set[tuple[str, str]]:
    """(method, path) of each row of the page's routes table."""
    cells = page.locator("table.routes tbody tr").evaluate_all(
        "rows => rows.map(row => [...row.cells].slice(0, 2).map(c => c.innerText))"
    )
    return {(method, path) for method, path in cells}


def test_rich_bake_lists_every_api_route_and_links_the_docs(bake, browser, tmp_path):
    """Served by gunicorn in production, the page of an every-option bake lists
    each /api route `flask routes` shows, and links the API docs."""
    project = bake(**RICH)
    with served_on_scratch_services(project, tmp_path) as (port, settings):
        routes = flask_routes(project, production_env(**settings))
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{port}/")
        listed = listed_routes(page)
        docs = page.get_by_role("link", name="Read and try the API")
        expect(docs).to_have_attribute("href", "/api/docs")
        page.close()
    api = {route for route in routes if route[1].startswith("/api/")}
    assert len(api) > 15
    assert api <= listed
    assert listed == routes


def test_live_panel_under_flask_run(bake, browser, tmp_path):
    """Under the README's development server, a new visitor creates an account
    in the panel, is welcomed, gets an echo; closing the page disconnects
    with one log line, no 500 and no traceback."""
    project = bake(use_socketio=True)
    upgrade = run(
        [sys.executable, "-m", "flask", "db", "upgrade"], project, env=clean_env()
    )
    assert upgrade.returncode == 0, upgrade.stderr
    port = free_port()
    command = [sys.executable, "-m", "flask", "run", "--port", str(port)]
    server = start(command, project, clean_env())
    log = project / "server.log"
    try:
        wait_for_http(f"http://127.0.0.1:{port}/healthz", server, timeout=60)
        context = browser.new_context(base_url=f"http://127.0.0.1:{port}")
        page = context.new_page()
        page.goto("/")
        page.get_by_label("E-mail").fill("newcomer@example.com")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Create account").click()
        expect(page.locator('[data-event="welcome"]')).to_have_count(1)
        page.get_by_label("Message").fill("hello")
        page.get_by_role("button", name="Echo").click()
        expect(page.locator('[data-event="echo"]')).to_contain_text("hello")
        context.close()
        wait_for_line(log, "disconnected ")
        # A request logged after the close: by then the WebSocket's own
        # request has long ended, and anything it logs is in.
        http(f"http://127.0.0.1:{port}/api/openapi.json")
        wait_for_line(log, "GET /api/openapi.json 200")
    finally:
        stop(server)
    text = log.read_text()
    assert "Traceback" not in text
    assert not re.search(r" 500 ", text), text
    assert len(re.findall(r"\bdisconnected ", text)) == 1, text


def wait_for_line(log: Path, needle: str, timeout: float = 10) -> None:
    """Wait until the log holds ``needle``."""
    deadline = time.monotonic() + timeout
    while needle not in log.read_text():
        if time.monotonic() > deadline:
            pytest.fail(f"{log} never logged {needle!r}")
        time.sleep(0.1)
