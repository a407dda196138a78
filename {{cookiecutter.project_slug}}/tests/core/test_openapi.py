"""The API's contract: its OpenAPI document, the docs page and `flask spec`."""

import json
import re

from apiflask.commands import spec_command

from {{ cookiecutter.package_name }}.core import openapi

# The document's own routes are not operations of the API it describes.
DOCUMENT_ROUTES = {"/api/openapi.json", "/api/docs"}


def api_operations(app) -> set[tuple[str, str]]:
    """(method, path) for every /api route, as `flask routes` lists them."""
    found = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/") and rule.rule not in DOCUMENT_ROUTES:
            path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule)
            methods = rule.methods - {"HEAD", "OPTIONS"}
            found |= {(method.lower(), path) for method in methods}
    return found


def test_the_document_is_openapi_3_1_and_covers_every_api_route(app, client):
    """GET /api/openapi.json describes each /api route, no more, no less."""
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    document = response.json
    assert document["openapi"] == "3.1.0"
    documented = {
        (method, path)
        for path, operations in document["paths"].items()
        for method in operations
    }
    assert documented == api_operations(app)


def test_a_forged_host_never_reaches_the_document(client):
    """The document names no server, so a Host header cannot plant one."""
    client.get("/api/openapi.json", headers={"Host": "evil.example"})
    document = client.get("/api/openapi.json").json
    assert "servers" not in document
    assert "evil.example" not in client.get("/api/openapi.json").get_data(as_text=True)


def test_every_error_answer_has_the_error_shape(client):
    """Each 4xx and 5xx the document lists is the API's JSON error."""
    document = client.get("/api/openapi.json").json
    error_schemas = {
        "#/components/schemas/HTTPError",
        "#/components/schemas/ValidationError",
    }
    for operations in document["paths"].values():
        for operation in operations.values():
            for status, answer in operation["responses"].items():
                if status >= "400":
                    schema = answer["content"]["application/json"]["schema"]
                    assert schema["$ref"] in error_schemas, (status, answer)
    # Every operation reads a body sent to it, so each may refuse one.
    for operations in document["paths"].values():
        for operation in operations.values():
            assert {"400", "413", "415"} <= set(operation["responses"])
    shape = document["components"]["schemas"]["HTTPError"]
    assert shape["properties"]["error"]["required"] == ["status", "message"]


def test_the_docs_page_loads_pinned_assets_checked_by_hash(client):
    """/api/docs loads Swagger UI from the CDN, each file with its integrity hash."""
    response = client.get("/api/docs")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    for name, digest in openapi.SWAGGER_UI_HASHES.items():
        assert f'"{openapi.SWAGGER_UI}/{name}" integrity="{digest}"' in page
    assert 'data-document="/api/openapi.json"' in page
    script = re.search(r'<script src="(/static/[^"]+)"', page)
    assert script
    with client.get(script[1]) as starter:
        assert starter.status_code == 200


def test_only_the_docs_page_may_load_from_the_cdn(client):
    """The CSP lets /api/docs, and no other page, load scripts from the CDN."""
    docs = client.get("/api/docs").headers["Content-Security-Policy"]
    assert f"script-src 'self' {openapi.SWAGGER_UI}/;" in docs
    assert "unsafe-inline" not in docs
    assert "frame-ancestors 'none'" in docs
    for path in ("/", "/api/openapi.json"):
        policy = client.get(path).headers["Content-Security-Policy"]
        assert "cdn" not in policy


def test_api_docs_off_hides_the_page_but_keeps_the_document(make_app):
    """API_DOCS=false answers 404 at /api/docs; the document stays."""
    client = make_app(API_DOCS="false").test_client()
    assert client.get("/api/docs").status_code == 404
    assert client.get("/api/openapi.json").status_code == 200


def test_flask_spec_writes_the_document_to_a_file(app, client, runner, tmp_path):
    """`flask spec --output FILE` writes the document /api/openapi.json serves."""
    path = tmp_path / "openapi.json"
    result = runner.invoke(spec_command, ["--output", str(path), "--quiet"])
    assert result.exit_code == 0, result.output
    written = json.loads(path.read_text())
    served = client.get("/api/openapi.json").json
    assert written["paths"] == served["paths"]
