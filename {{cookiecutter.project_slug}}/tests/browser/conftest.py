"""The app served on a free port of 127.0.0.1, and headless Chromium, driven
by Playwright, to open its pages as a visitor would."""

import os
import shutil
import threading
from collections.abc import Iterator

import pytest
from flask import Flask
from playwright.sync_api import Browser, ConsoleMessage, Error, Page, sync_playwright
from werkzeug.serving import make_server

# Chromium as the system installs it, for machines without Playwright's own.
SYSTEM_CHROMIUM = ("chromium", "chromium-browser", "google-chrome")
NO_CHROMIUM = (
    "no Chromium to run the browser tests: install Playwright's "
    "(.venv/bin/playwright install chromium) or the system's chromium package"
)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Headless Chromium: Playwright's own if installed, else the system's."""
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch()
        except Error:
            found = [path for name in SYSTEM_CHROMIUM if (path := shutil.which(name))]
            if not found:
                if os.environ.get("REQUIRE_SERVICES") == "1":
                    pytest.fail(NO_CHROMIUM)
                pytest.skip(f"{NO_CHROMIUM} (REQUIRE_SERVICES=1 makes this a failure)")
            browser = playwright.chromium.launch(executable_path=found[0])
        yield browser
        browser.close()


@pytest.fixture
def served(app: Flask) -> Iterator[str]:
    """The test app, served by Werkzeug in a thread: its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


@pytest.fixture
def page_errors() -> list[str]:
    """What the pages opened by the test logged as errors, or threw."""
    return []


@pytest.fixture
def page(browser: Browser, served: str, page_errors: list[str]) -> Iterator[Page]:
    """A page in a fresh browser context whose URLs are relative to the app."""
    context = browser.new_context(base_url=served)
    context.on("page", lambda opened: watch(opened, page_errors))
    page = context.new_page()
    yield page
    context.close()


def watch(page: Page, errors: list[str]) -> None:
    """Collect the page's console errors and uncaught exceptions in ``errors``."""

    def console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("console", console)
    page.on("pageerror", lambda error: errors.append(str(error)))
