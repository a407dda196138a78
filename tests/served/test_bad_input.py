"""Reliability: hostile input to every API route gets a 4xx JSON error, never a 500.

The app is an every-option bake, imported here and driven through Flask's
test client, so hypothesis can try many inputs quickly. The test
configuration lets an unhandled exception escape the client, where it fails
the test with its traceback instead of hiding behind a 500.
"""

import importlib
import json
import re
import sys
import uuid

import pytest
import redis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matrix import ALL_OPTIONS
from production import auth_headers, has_auth
from services import URLS, require_service

# A package name no other test imports, since this module imports the bake.
PACKAGE = "bad_input_probe"
FUZZ = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    # Derandomized runs replay nothing, so no example database is kept.
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
CONTENT_TYPES = [
    "application/json",
    "application/json; charset=latin-1",
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "",
]


@pytest.fixture(scope="module")
def probe(bake):
    """The bake's app on in-memory SQLite and the shared Redis, and a signed-in client."""
    require_service("redis")
    project = bake(project_name="Bad Input Probe", use_jwt=True, **ALL_OPTIONS)
    sys.path.insert(0, str(project))
    try:
        package = importlib.import_module(PACKAGE)
        db = importlib.import_module(f"{PACKAGE}.database.models").db
    finally:
        sys.path.remove(str(project))
    prefix = f"bad-input-{uuid.uuid4().hex}:"
    settings = {
        "APP_ENV": "development",
        "DATABASE_URL": "sqlite://",
        "BCRYPT_LOG_ROUNDS": "4",
        "REDIS_URL": URLS["redis"],
        "REDIS_KEY_PREFIX": prefix,
    }
    with pytest.MonkeyPatch.context() as environment:
        for name, value in settings.items():
            environment.setenv(name, value)
        app = package.create_app(testing=True)
    with app.app_context():
        db.create_all()
    client = app.test_client()

    def post_json(path: str, body: dict) -> tuple[int, object]:
        response = client.post(path, json=body)
        return response.status_code, response.get_json()

    auth = auth_headers(project, post_json)
    note = client.post("/api/notes", json={"title": "Target"}, headers=auth).get_json()
    yield client, auth, api_requests(app, note["id"]), has_auth(project)
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()
    store = redis.Redis.from_url(URLS["redis"])
    for key in store.scan_iter(f"{prefix}*"):
        store.delete(key)
    store.close()


def api_requests(app, existing_id: int) -> list[tuple[str, str]]:
    """(method, path) for every API route, with an existing id in the path."""
    found = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/"):
            continue
        path = re.sub(r"<[^>]+>", str(existing_id), rule.rule)
        found += [
            (method, path) for method in sorted(rule.methods - {"HEAD", "OPTIONS"})
        ]
    # Logging out would revoke the probe's token for every later request; the
    # generated suite's test_tokens.py covers logout's refusals.
    found = [request for request in found if request[1] != "/api/auth/logout"]
    return sorted(found)


def body_routes(requests: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The routes that take a request body."""
    return [
        (method, path)
        for method, path in requests
        if method in ("POST", "PATCH", "PUT")
    ]


def json_body_routes(requests, login: bool) -> list[tuple[str, str]]:
    """The body routes whose view reads a JSON object; the visit counter reads none."""
    reads_json = {"/api/notes", "/api/notes/"}
    if login:
        reads_json |= {"/api/auth/register", "/api/auth/login"}
    return [
        (method, path)
        for method, path in body_routes(requests)
        if path in reads_json or re.fullmatch(r"/api/notes/\d+", path)
    ]


def assert_error_or_success(response) -> None:
    """Never a 5xx; any error is DESIGN's JSON shape with the same status."""
    assert response.status_code < 500, response.get_data()[:300]
    if response.status_code >= 400:
        assert response.mimetype == "application/json", response.get_data()[:300]
        error = response.get_json()["error"]
        assert error["status"] == response.status_code
        assert isinstance(error["message"], str)
        assert error["message"]


def assert_client_error(response) -> None:
    """A 4xx answer in DESIGN's JSON shape."""
    assert 400 <= response.status_code < 500, (
        response.status_code,
        response.get_data()[:300],
    )
    assert_error_or_success(response)


@pytest.mark.parametrize(
    "body",
    [
        b"{",
        b'{"title": ',
        b"[1, 2",
        b"{'title': 'x'}",
        b'{"title": "x"} trailing',
        b"\xff\xfe{}",
    ],
    ids=[
        "open-brace",
        "no-value",
        "open-list",
        "single-quotes",
        "trailing",
        "invalid-utf8",
    ],
)
def test_malformed_json_is_a_400(probe, body):
    """A JSON body that does not parse is refused by every route that reads one."""
    client, auth, requests, login = probe
    for method, path in json_body_routes(requests, login):
        response = client.open(
            path,
            method=method,
            data=body,
            headers=auth,
            content_type="application/json",
        )
        assert response.status_code == 400, (method, path, response.get_data())
        assert_client_error(response)


@pytest.mark.parametrize("content_type", CONTENT_TYPES[2:])
def test_a_body_that_is_not_json_is_refused(probe, content_type):
    """A valid-looking body sent as another content type is a 4xx."""
    client, auth, requests, login = probe
    for method, path in json_body_routes(requests, login):
        response = client.open(
            path,
            method=method,
            data='{"title": "sent as the wrong type"}',
            headers=auth,
            content_type=content_type,
        )
        assert_client_error(response)


def test_json_that_is_not_an_object_is_a_400(probe):
    """Lists, strings and numbers are not request objects."""
    client, auth, requests, login = probe
    for body in ([], ["title"], "title", 1, None, True):
        for method, path in json_body_routes(requests, login):
            response = client.open(
                path,
                method=method,
                data=json.dumps(body),
                headers=auth,
                content_type="application/json",
            )
            assert response.status_code == 400, (method, path, body)
            assert_client_error(response)


def test_invalid_utf8_inside_json_strings_is_a_400(probe):
    """Bytes that are not UTF-8 inside a JSON string are refused."""
    client, auth, requests, login = probe
    for method, path in json_body_routes(requests, login):
        response = client.open(
            path,
            method=method,
            data=b'{"title": "caf\xe9", "email": "\xc3\x28@example.com"}',
            headers=auth,
            content_type="application/json",
        )
        assert_client_error(response)


def test_an_oversized_body_is_a_413_on_every_route(probe):
    """A body past MAX_CONTENT_LENGTH is refused before it is read, everywhere."""
    client, auth, requests, _ = probe
    body = b"x" * (16 * 1024 * 1024 + 1)
    for method, path in body_routes(requests):
        response = client.open(
            path,
            method=method,
            data=body,
            headers=auth,
            content_type="application/json",
        )
        assert response.status_code == 413, (method, path)
        assert_client_error(response)


def test_a_json_body_past_the_api_limit_is_a_413(probe):
    """JSON routes take at most 256 KiB, even well under MAX_CONTENT_LENGTH."""
    client, auth, requests, login = probe
    body = json.dumps({"title": "big", "body": "x" * 300_000})
    for method, path in json_body_routes(requests, login):
        response = client.open(
            path,
            method=method,
            data=body,
            headers=auth,
            content_type="application/json",
        )
        assert response.status_code == 413, (method, path)
        assert_client_error(response)


def test_unexpected_fields_are_named_in_a_400(probe):
    """A field the route does not take is refused, not ignored or stored."""
    client, auth, requests, _ = probe
    for method, path in body_routes(requests):
        if "/api/notes" not in path:
            continue
        body = {"title": "Unexpected", "owner_id": 1, "id": 5}
        response = client.open(path, method=method, json=body, headers=auth)
        assert response.status_code == 400, (method, path)
        assert response.get_json()["error"]["fields"]["owner_id"] == "Unknown field."


@pytest.mark.parametrize(
    "query",
    [
        "page=-1",
        "page=0",
        "per_page=-5",
        "per_page=0",
        "page=1e3",
        "page=%ff",
        "page=" + "9" * 40,
        "per_page=" + "9" * 40,
        "page=%00",
    ],
)
def test_bad_pagination_is_a_400(probe, query):
    """Negative, zero, non-numeric and absurdly long page values are refused."""
    client, auth, _, _ = probe
    response = client.get(f"/api/notes?{query}", headers=auth)
    assert response.status_code == 400, response.get_data()
    assert_client_error(response)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("page=2147483647", None),
        ("per_page=2147483647", None),
        ("page=2147483648", "page"),
        ("per_page=2147483648", "per_page"),
    ],
)
def test_huge_pagination_is_an_empty_or_capped_page_up_to_the_id_limit(
    probe, query, field
):
    """Up to the largest id, a page far past the end is empty and per_page is
    capped; beyond it, as the API document says, the value is refused."""
    client, auth, _, _ = probe
    response = client.get(f"/api/notes?{query}", headers=auth)
    if field is None:
        assert response.status_code == 200
        assert response.get_json()["per_page"] <= 100
    else:
        assert response.status_code == 400
        assert set(response.get_json()["error"]["fields"]) == {field}


@FUZZ
@given(data=st.data())
def test_random_bytes_never_cause_a_5xx(probe, data):
    """Any bytes, as any content type, to any API route: never a 5xx."""
    client, auth, requests, _ = probe
    method, path = data.draw(st.sampled_from(requests))
    body = data.draw(st.binary(max_size=512))
    content_type = data.draw(st.sampled_from(CONTENT_TYPES))
    headers = auth if data.draw(st.booleans()) else {}
    response = client.open(
        path,
        method=method,
        data=body,
        headers=headers,
        content_type=content_type or None,
    )
    assert_error_or_success(response)


@FUZZ
@given(data=st.data())
def test_random_json_never_causes_a_5xx(probe, data):
    """Any JSON value, or an object with the routes' field names holding any
    values, to any API route: never a 5xx."""
    client, auth, requests, _ = probe
    method, path = data.draw(st.sampled_from(requests))
    fields = st.sampled_from(["title", "body", "email", "password", "role", "id"])
    body = data.draw(JSON_VALUES | st.dictionaries(fields, JSON_VALUES, max_size=4))
    response = client.open(path, method=method, json=body, headers=auth)
    assert_error_or_success(response)


@FUZZ
@given(page=st.text(max_size=30), per_page=st.integers(-(10**30), 10**30))
def test_random_pagination_never_causes_a_5xx(probe, page, per_page):
    """Any page text and any per_page number: a page or a 400, never a 5xx."""
    client, auth, _, _ = probe
    response = client.get(
        "/api/notes", query_string={"page": page, "per_page": per_page}, headers=auth
    )
    assert response.status_code in (200, 400)
    assert_error_or_success(response)
