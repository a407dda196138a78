"""Cross-origin requests from the front ends listed in CORS_ORIGINS."""

import pytest

FRONT_END = "https://app.example.com"


@pytest.fixture
def app(make_app):
    """An app that trusts one front end."""
    return make_app(CORS_ORIGINS=f"{FRONT_END}, https://admin.example.com")


def test_an_allowed_origin_may_read_api_answers_with_credentials(client):
    """A listed origin gets its own origin back, credentials and X-Request-ID."""
    response = client.post("/api/session/visits", headers={"Origin": FRONT_END})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == FRONT_END
    assert response.headers["Access-Control-Allow-Credentials"] == "true"
    assert response.headers["Access-Control-Expose-Headers"] == "X-Request-ID"
    assert "Origin" in response.headers["Vary"]


def test_an_unknown_origin_gets_no_cors_headers(client):
    """A page on another origin cannot read the answer."""
    headers = {"Origin": "https://evil.example.com"}
    response = client.post("/api/session/visits", headers=headers)
    assert "Access-Control-Allow-Origin" not in response.headers
    assert "Access-Control-Allow-Credentials" not in response.headers


def test_a_preflight_for_an_authenticated_request_succeeds(client):
    """A JSON request with an Authorization header is allowed, and cached."""
    headers = {
        "Origin": FRONT_END,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type",
    }
    response = client.options("/api/session/visits", headers=headers)
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == FRONT_END
    allowed = response.headers["Access-Control-Allow-Headers"].lower()
    assert {"authorization", "content-type"} <= set(allowed.split(", "))
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    assert response.headers["Access-Control-Max-Age"] == "600"


def test_a_preflight_for_other_headers_allows_none_of_them(client):
    """Headers outside Authorization and Content-Type are not allowed."""
    headers = {
        "Origin": FRONT_END,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "x-secret-backdoor",
    }
    response = client.options("/api/session/visits", headers=headers)
    assert "Access-Control-Allow-Headers" not in response.headers


def test_api_errors_are_readable_by_the_front_end(client):
    """A JSON error under /api carries the CORS headers too."""
    response = client.get("/api/nothing-here", headers={"Origin": FRONT_END})
    assert response.status_code == 404
    assert response.headers["Access-Control-Allow-Origin"] == FRONT_END


def test_pages_outside_the_api_get_no_cors_headers(client):
    """CORS covers /api only."""
    response = client.get("/healthz", headers={"Origin": FRONT_END})
    assert "Access-Control-Allow-Origin" not in response.headers


def test_development_trusts_a_local_front_end(make_app):
    """Without CORS_ORIGINS, development trusts the usual local dev server."""
    app = make_app(APP_ENV="development")
    assert app.config["CORS_ORIGINS"] == ["http://localhost:5173"]


def test_production_trusts_no_origin_unless_told(make_app, production_secrets):
    """Without CORS_ORIGINS, production answers no cross-origin request."""
    production = {"APP_ENV": "production", **production_secrets}
    assert make_app(**production).config["CORS_ORIGINS"] == []
    told = make_app(**production, CORS_ORIGINS=FRONT_END)
    assert told.config["CORS_ORIGINS"] == [FRONT_END]


@pytest.mark.parametrize(
    ("origins", "message"),
    [
        ("*", "CORS_ORIGINS must not be '\\*'"),
        (f"{FRONT_END},*", "CORS_ORIGINS must not be '\\*'"),
        ("https://*.example.com", "not 'https://\\*.example.com'"),
        (f"{FRONT_END}/", "must hold origins such as"),
        ("app.example.com", "must hold origins such as"),
    ],
)
def test_wildcards_and_malformed_origins_are_refused(make_app, origins, message):
    """A wildcard would let any site use the visitor's credentials; it is refused."""
    with pytest.raises(RuntimeError, match=message):
        make_app(CORS_ORIGINS=origins)
