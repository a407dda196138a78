"""The API's contract: the OpenAPI document at /api/openapi.json, its docs page
at /api/docs, and the error answers every route shares."""

from importlib.metadata import PackageNotFoundError, version
from typing import Any

from apiflask import APIFlask
from flask import Blueprint, Response, current_app, render_template

from .errors import ERROR_SCHEMA
from .health import has_readiness_checks
from .security import SECURITY_HEADERS

TITLE = "{{ cookiecutter.project_name }}"
# Swagger UI from jsDelivr, pinned, with the hashes of the files the npm
# package holds; jsDelivr serves them byte for byte. To move to another
# version, take the hashes from its package, for example with `npm pack
# swagger-ui-dist@<version>` and `openssl dgst -sha384 -binary <file> | base64`.
SWAGGER_UI = "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5.35.0"
SWAGGER_UI_HASHES = {
    "swagger-ui.css": "sha384-WlYgdmXYOOBWL5apwjDEZwN+U3HmXSSu5R6V5aGxEcf7z+KuRNwBhoxKVN1i3D5I",
    "swagger-ui-bundle.js": "sha384-gjRm0bEPMeTmMh5jT2cHccIwCUZSTd8YC+j0d0sXw0MdGEfScduGpSyF3ZSSLkX9",
}
# The app's policy, loosened for this page only: scripts and styles from the
# CDN (each checked against its hash), and the icons Swagger UI's stylesheet
# draws as data: URLs.
DOCS_CSP = (
    f"{SECURITY_HEADERS['Content-Security-Policy']}; "
    f"script-src 'self' {SWAGGER_UI}/; style-src 'self' {SWAGGER_UI}/; "
    "img-src 'self' data:"
)
# What any operation may answer, since core/bodies.py reads every body sent
# to /api, whether the operation takes one or not.
BODY_ERRORS = {
    "400": "The body is not a JSON object, or has invalid fields.",
    "413": "The body is larger than the API takes.",
    "415": "The body is not JSON.",
}
BACKEND_ERROR = {"503": "A backend the app needs is unavailable; try again shortly."}
OPERATIONS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}

bp = Blueprint("api_docs", __name__)


def init_app(app: APIFlask) -> None:
    """Describe the API; serve the docs page unless API_DOCS is off."""
    app.title = TITLE
    # No "servers" entry: APIFlask would take it from the first request's Host
    # header, which a client can forge, and keep it for every later reader.
    # Without one, clients use the server they fetched the document from.
    app.config["AUTO_SERVERS"] = False
    try:
        app.version = version("{{ cookiecutter.project_slug }}")
    except PackageNotFoundError:  # Run from a checkout that was never installed.
        app.version = "unknown"
    # APIFlask passes the document as a dict; its type allows YAML text too.
    app.spec_processor(add_shared_errors)  # type: ignore[arg-type]
    if app.config["API_DOCS"]:
        app.register_blueprint(bp, url_prefix="/api")


@bp.get("/docs")
def docs() -> Response:
    """The interactive docs: Swagger UI over the API document."""
    page = render_template("api_docs.html", assets=SWAGGER_UI, hashes=SWAGGER_UI_HASHES)
    return Response(page, headers={"Content-Security-Policy": DOCS_CSP})


def add_shared_errors(spec: dict[str, Any]) -> dict[str, Any]:
    """Document the errors that come from the API's conventions, not its views."""
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("HTTPError", ERROR_SCHEMA)
    errors = BODY_ERRORS | (BACKEND_ERROR if has_readiness_checks(current_app) else {})
    for item in spec["paths"].values():
        for method, operation in item.items():
            if method in OPERATIONS:
                for status, description in errors.items():
                    operation["responses"].setdefault(
                        status, error_response(description)
                    )
                # A 401 names the scheme the operation takes (RFC 9110).
                if "security" in operation:
                    refusal = operation["responses"]["401"]
                    refusal["headers"] = {
                        "WWW-Authenticate": header("The scheme to send: Bearer.")
                    }
    return spec


def error_response(description: str, **headers: str) -> dict[str, Any]:
    """An error answer in the API's shape, with the headers described."""
    schema = {"$ref": "#/components/schemas/HTTPError"}
    answer: dict[str, Any] = {
        "description": description,
        "content": {"application/json": {"schema": schema}},
    }
    if headers:
        answer["headers"] = {
            name.replace("_", "-"): header(text) for name, text in headers.items()
        }
    return answer


def header(description: str) -> dict[str, Any]:
    """A header the response always has, as the document describes one."""
    return {"description": description, "required": True, "schema": {"type": "string"}}
