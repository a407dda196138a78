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
