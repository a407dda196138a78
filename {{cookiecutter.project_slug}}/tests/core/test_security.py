"""Proxy trust, security headers and session cookie flags."""

import pytest
from flask import request


@pytest.fixture
def client_for(make_app):
    """Test clients for apps that trust a number of proxies."""

    def client_for(trusted_proxies: int):
        app = make_app(TRUSTED_PROXIES=str(trusted_proxies))

        @app.get("/api/whoami")
        def whoami():
            return {"ip": request.remote_addr, "scheme": request.scheme}

        return app.test_client()

    return client_for


def test_forwarded_headers_are_ignored_without_trusted_proxies(client_for):
    """By default X-Forwarded-For cannot change the client address."""
    client = client_for(0)
    response = client.get("/api/whoami", headers={"X-Forwarded-For": "203.0.113.9"})
    assert response.json["ip"] == "127.0.0.1"


def test_one_trusted_proxy_supplies_the_client_address_and_scheme(client_for):
    """Behind one proxy, its X-Forwarded-For and -Proto are believed."""
    client = client_for(1)
    headers = {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"}
    response = client.get("/api/whoami", headers=headers)
    assert response.json == {"ip": "203.0.113.9", "scheme": "https"}


def test_a_forged_hop_before_the_trusted_proxy_is_not_believed(client_for):
    """A client's own X-Forwarded-For entry is skipped: only the proxy's counts."""
    client = client_for(1)
    headers = {"X-Forwarded-For": "10.6.6.6, 203.0.113.9"}
    response = client.get("/api/whoami", headers=headers)
    assert response.json["ip"] == "203.0.113.9"


def test_security_headers_are_on_every_response(client):
    """Pages and API answers carry the browser lock-down headers."""
    for path in ("/", "/healthz", "/api/nothing-here"):
        headers = client.get(path).headers
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
        assert "default-src 'self'" in headers["Content-Security-Policy"]
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_a_view_can_set_its_own_security_header(make_app):
    """A header the view set is kept, once; the others are still added."""
    app = make_app()

    @app.get("/embeddable")
    def embeddable():
        return "", 204, {"x-frame-options": "SAMEORIGIN"}

    headers = app.test_client().get("/embeddable").headers
    assert headers.getlist("X-Frame-Options") == ["SAMEORIGIN"]
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_hsts_is_sent_only_over_https(client_for):
    """Strict-Transport-Security is only meaningful, and only sent, over HTTPS."""
    client = client_for(1)
    plain = client.get("/healthz")
    secure = client.get("/healthz", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in plain.headers
    assert "max-age=" in secure.headers["Strict-Transport-Security"]


@pytest.mark.usefixtures("root_logger")
def test_production_session_cookie_is_secure_httponly_and_samesite(
    make_app, production_secrets
):
    """In production the session cookie is Secure, HttpOnly and SameSite=Lax."""
    app = make_app(APP_ENV="production", **production_secrets)
    response = app.test_client().post("/api/session/visits")
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
