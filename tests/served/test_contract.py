"""The API's contract, checked from outside: an every-option bake under gunicorn.

The bake's own suite fuzzes its document in-process; here schemathesis runs
as a separate program against the served app, as a client team would, and
the document is validated, compared with `flask routes`, and the texts and
tokens an earlier outside run found accepted are sent again.
"""

import json
import re
import subprocess
import sys
import time
from pathlib import Path

import jwt
import pytest
from openapi_spec_validator import validate

from conftest import PRODUCTION_SECRETS, http, run
from matrix import ALL_OPTIONS
from production import (
    USER,
    auth_headers,
    documented_operations,
    http_post_json,
    production_env,
    served_on_scratch_services,
)

# The document's own routes are not operations of the API it describes.
DOCUMENT_ROUTES = {"/api/openapi.json", "/api/docs"}
# Requests per operation and phase; derandomized, so every run sends the same.
EXAMPLES = 25


@pytest.fixture(scope="module")
def served(bake, tmp_path_factory):
    """The served bake, its port, its settings, and an admin's bearer header."""
    project = bake(use_jwt=True, **ALL_OPTIONS)
    workdir = tmp_path_factory.mktemp("contract")
    with served_on_scratch_services(project, workdir) as (port, settings):
        auth = auth_headers(project, http_post_json(f"http://127.0.0.1:{port}"))
        # An admin, so that the admin API answers 200 as well as 403.
        promote = [sys.executable, "-m", "flask", "create-admin", "--promote"]
        env = production_env(**settings)
        result = run([*promote, USER["email"]], project, env=env)
        assert result.returncode == 0, result.stdout + result.stderr
        yield project, port, env, auth


def document_of(port: int) -> dict:
    """The served API document."""
    status, _, body = http(f"http://127.0.0.1:{port}/api/openapi.json")
    assert status == 200
    return json.loads(body)


def test_the_document_is_valid_openapi_3_1(served):
    """/api/openapi.json passes the OpenAPI 3.1 schema's validation."""
    _, port, _, _ = served
    document = document_of(port)
    assert document["openapi"] == "3.1.0"
    validate(document)


def test_the_document_covers_every_api_route_flask_lists(served):
    """Every /api rule `flask routes` prints is an operation of the document."""
    project, port, env, _ = served
    result = run([sys.executable, "-m", "flask", "routes"], project, env=env)
    assert result.returncode == 0, result.stderr
    listed = set()
    for line in result.stdout.splitlines()[2:]:
        _, methods, rule = line.split()
        if rule.startswith("/api/") and rule not in DOCUMENT_ROUTES:
            path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule)
            listed |= {
                (method.lower(), path)
                for method in methods.split(",")
                if method not in ("HEAD", "OPTIONS")
            }
    assert len(listed) >= 12
    assert documented_operations(document_of(port)) == listed


def test_the_docs_page_is_served(served):
    """/api/docs is an HTML page with a policy of its own for the CDN."""
    _, port, _, _ = served
    status, headers, page = http(f"http://127.0.0.1:{port}/api/docs")
    assert status == 200
    assert headers["Content-Type"].startswith("text/html")
    assert (
        "https://cdn.jsdelivr.net/npm/swagger-ui-dist@"
        in headers["Content-Security-Policy"]
    )
    assert 'integrity="sha384-' in page


@pytest.mark.parametrize(
    "text",
    [
        "\u0084\u0085\u009b",
        "\u200b\u200d\ufeff",
        "abc\u202etxt.exe",
    ],
    ids=["c1-controls", "zero-width-only", "right-to-left-override"],
)
def test_hostile_texts_are_a_400_with_a_message_per_field(served, text):
    """The texts an earlier outside fuzzing run saw accepted are refused."""
    _, port, _, auth = served
    post = http_post_json(f"http://127.0.0.1:{port}", auth)
    status, body = post("/api/notes", {"title": text, "body": text})
    assert status == 400, body
    fields = body["error"]["fields"]
    assert set(fields) == {"title", "body"}
    assert all(message.startswith("Must") for message in fields.values())


@pytest.mark.parametrize("subject", ["9" * 4300, "9" * 5000, "١٢", "0x10"])
def test_a_well_signed_token_with_an_odd_subject_is_a_401(served, subject):
    """A token signed with the real key whose subject is no sane id: 401."""
    _, port, _, _ = served
    now = int(time.time())
    claims = {
        "sub": subject,
        "sid": "0" * 32,
        "type": "access",
        "fresh": False,
        "jti": "contract-test",
        "iat": now,
        "nbf": now,
        "exp": now + 60,
    }
    token = jwt.encode(claims, PRODUCTION_SECRETS["JWT_SECRET_KEY"], "HS256")
    headers = {"Authorization": f"Bearer {token}"}
    status, _, body = http(f"http://127.0.0.1:{port}/api/auth/me", headers=headers)
    assert status == 401, body
    assert json.loads(body)["error"]["status"] == 401


def test_schemathesis_from_outside_finds_nothing(served, tmp_path):
    """Every operation, with an admin's token: no server error, and every
    status, content type, header and body is one the document gives."""
    _, port, _, auth = served
    report = tmp_path / "report.ndjson"
    args = [
        str(Path(sys.executable).parent / "schemathesis"),
        "run",
        f"http://127.0.0.1:{port}/api/openapi.json",
        "--checks",
        "not_a_server_error,status_code_conformance,"
        "content_type_conformance,response_headers_conformance,"
        "response_schema_conformance",
        "--header",
        f"Authorization: {auth['Authorization']}",
        # Logging out would revoke the token every later request sends.
        "--exclude-path",
        "/api/auth/logout",
        "--max-examples",
        str(EXAMPLES),
        "--generation-deterministic",
        "--report",
        "ndjson",
        "--report-ndjson-path",
        str(report),
    ]
    # Run where its cache of crashes (.schemathesis/) is thrown away after.
    result = subprocess.run(
        args, cwd=tmp_path, capture_output=True, text=True, timeout=600, check=False
    )
    summary = result.stdout[-6000:]
    assert result.returncode == 0, summary
    counts = re.search(r"(\d+) generated, (\d+) passed\n", result.stdout)
    assert counts, summary
    generated, passed = map(int, counts.groups())
    assert generated == passed >= 10 * EXAMPLES, summary
