"""The front page in Chromium: the routes the app answers and where to start."""

from flask import Flask
from playwright.sync_api import Browser, Page, expect

# Methods Flask adds to every route, which the page leaves out.
IMPLIED_METHODS = {"HEAD", "OPTIONS"}


def url_map_routes(app: Flask) -> set[tuple[str, str]]:
    """Each (method, path) the app's URL map answers, but its static files."""
    return {
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
        for method in (rule.methods or set()) - IMPLIED_METHODS
    }


def listed_routes(page: Page) -> list[tuple[str, str]]:
    """The (method, path) rows of the page's routes table."""
    rows = page.get_by_role("table").locator("tbody tr")
    return [
        (row.locator("td").nth(0).inner_text(), row.locator("td").nth(1).inner_text())
        for row in rows.all()
    ]


def test_lists_each_route_once_with_its_purpose(app, page, page_errors):
    """Every method of every route is a row, and says what it does."""
    page.goto("/")
    listed = listed_routes(page)
    assert len(listed) == len(set(listed))
    assert set(listed) == url_map_routes(app)
    purposes = page.get_by_role("table").locator("tbody tr td:nth-child(3)")
    assert all(text.strip() for text in purposes.all_inner_texts())
    assert page_errors == []


def test_links_the_docs_and_routes_a_browser_can_open(page, page_errors):
    """The API docs are one click away; each GET without arguments is a link."""
    page.goto("/")
    expect(page.get_by_role("link", name="Read and try the API")).to_have_attribute(
        "href", "/api/docs"
    )
    assert page_errors == []
    page.get_by_role("link", name="/healthz").click()
    expect(page.locator("body")).to_contain_text('"status"')


def test_works_without_javascript(browser: Browser, served):
    """The page is whole without scripts: the routes are drawn by the server."""
    context = browser.new_context(base_url=served, java_script_enabled=False)
    page = context.new_page()
    page.goto("/")
    expect(page.get_by_role("heading", name="Routes")).to_be_visible()
    expect(page.get_by_role("link", name="/readyz")).to_be_visible()
    context.close()
