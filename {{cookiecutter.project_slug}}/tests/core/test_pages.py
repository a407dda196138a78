"""The HTML front page and its static files."""

import re

# The project name as the page shows it, HTML-escaped.
PROJECT_NAME = "{{ cookiecutter.project_name | e }}"


def test_index_renders_the_front_page(client):
    """/ answers an HTML page that names the project."""
    response = client.get("/")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert f"<h1>{PROJECT_NAME}</h1>" in response.get_data(as_text=True)


def test_index_links_a_stylesheet_that_is_served(client):
    """The stylesheet linked from the page is served as CSS."""
    page = client.get("/").get_data(as_text=True)
    link = re.search(r'<link rel="stylesheet" href="([^"]+)"', page)
    assert link is not None
    assert link.group(1) == "/static/css/app.css"
    response = client.get(link.group(1))
    assert response.status_code == 200
    assert response.mimetype == "text/css"
    response.close()


def test_index_links_the_api_document_and_its_docs(client, make_app):
    """The front page links the API document, and the docs page while it is on."""
    page = client.get("/").get_data(as_text=True)
    assert 'href="/api/openapi.json"' in page
    assert 'href="/api/docs"' in page
    without_docs = make_app(API_DOCS="false").test_client().get("/")
    assert 'href="/api/docs"' not in without_docs.get_data(as_text=True)


def test_index_lists_the_routes_a_feature_adds(make_app):
    """A route added after the template's features is listed with its
    method and the summary of its view's docstring, escaped."""
    app = make_app()

    @app.post("/api/greetings/<name>")
    def greet(name: str) -> str:
        """Greet <name> & say why.

        Only the summary is listed.
        """
        return name

    page = app.test_client().get("/").get_data(as_text=True)
    row = (
        r"<tr>\s*<td>POST</td>\s*<td><code>/api/greetings/&lt;name&gt;</code></td>"
        r"\s*<td>Greet &lt;name&gt; &amp; say why.</td>\s*</tr>"
    )
    assert re.search(row, page)
    assert "Only the summary" not in page
    rows = sum(
        len((rule.methods or set()) - {"HEAD", "OPTIONS"})
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
    )
    # The header row, then one per method of each route.
    assert page.count("<tr>") == 1 + rows
