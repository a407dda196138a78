"""Error responses: JSON under /api, HTML pages elsewhere, never a traceback."""

import io

import apiflask
import pytest
from flask import abort

STATUSES = [400, 401, 403, 404, 405, 413, 429, 500, 503]


def assert_json_error(response, status: int) -> None:
    """The response is the API's JSON error shape for ``status``."""
    assert response.status_code == status
    assert response.mimetype == "application/json"
    assert response.json["error"]["status"] == status
    assert response.json["error"]["message"]


@pytest.fixture
def failing_app(app):
    """The app with failing routes inside and outside /api, errors not propagated."""
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/api/fail/<int:status>")
    @app.get("/fail/<int:status>")
    def fail(status: int):
        abort(status)

    @app.get("/api/broken")
    @app.get("/broken")
    def broken():
        raise RuntimeError("database password is hunter2")

    @app.get("/api/slow-down")
    def slow_down():
        apiflask.abort(429, "Slow down.", headers={"Retry-After": "7"})

    return app


@pytest.mark.parametrize("status", STATUSES)
def test_every_api_error_is_json(failing_app, status):
    """Each error status under /api answers the JSON error shape."""
    assert_json_error(failing_app.test_client().get(f"/api/fail/{status}"), status)


@pytest.mark.parametrize("status", STATUSES)
def test_every_page_error_is_an_html_page(failing_app, status):
    """Each error status outside /api answers the HTML error page."""
    response = failing_app.test_client().get(f"/fail/{status}")
    assert response.status_code == status
    assert response.mimetype == "text/html"
    assert f"<h1>{status} " in response.get_data(as_text=True)


def test_unknown_api_route_is_a_json_404(client):
    """A missing route under /api answers 404 in the JSON error shape."""
    assert_json_error(client.get("/api/nothing-here"), 404)


def test_wrong_method_is_a_json_405_that_names_the_allowed_ones(client):
    """A wrong method answers 405 JSON and keeps the Allow header."""
    response = client.get("/api/session/visits")
    assert_json_error(response, 405)
    assert "POST" in response.headers["Allow"]


def test_oversized_body_is_a_json_413(app, client):
    """A body over MAX_CONTENT_LENGTH is refused with 413 before it is read."""
    app.config["MAX_CONTENT_LENGTH"] = 100
    response = client.post("/api/session/visits", data=b"x" * 101)
    assert_json_error(response, 413)


def test_a_chunked_body_over_a_small_limit_is_a_json_413(app, client):
    """A lower MAX_CONTENT_LENGTH holds for JSON bodies without a length too."""
    app.config["MAX_CONTENT_LENGTH"] = 100
    body = b'{"padding": "' + b"x" * 200 + b'"}'
    response = client.post(
        "/api/session/visits",
        input_stream=io.BytesIO(body),
        content_type="application/json",
        headers={"Transfer-Encoding": "chunked"},
        # What a server sets for a chunked body: read the stream to its end.
        environ_overrides={"wsgi.input_terminated": True},
    )
    assert_json_error(response, 413)


def test_apiflask_abort_keeps_its_status_message_and_headers(failing_app):
    """apiflask.abort(), as APIFlask's docs teach, answers the same JSON shape."""
    response = failing_app.test_client().get("/api/slow-down")
    assert_json_error(response, 429)
    assert response.json["error"]["message"] == "Slow down."
    assert response.headers["Retry-After"] == "7"


def test_body_within_the_limit_is_accepted(app, client):
    """A body at exactly MAX_CONTENT_LENGTH is fine."""
    app.config["MAX_CONTENT_LENGTH"] = 100
    body = b'{"padding": "' + b"x" * 85 + b'"}'
    assert len(body) == 100
    response = client.post(
        "/api/session/visits", data=body, content_type="application/json"
    )
    assert response.status_code == 200


def test_unexpected_error_is_a_json_500_without_a_traceback(failing_app):
    """An exception in a view answers 500 JSON and hides the details."""
    response = failing_app.test_client().get("/api/broken")
    assert_json_error(response, 500)
    body = response.get_data(as_text=True)
    assert "hunter2" not in body
    assert "Traceback" not in body


def test_unexpected_error_on_a_page_is_an_html_500(failing_app):
    """An exception in a page view answers the HTML error page, details hidden."""
    response = failing_app.test_client().get("/broken")
    assert response.status_code == 500
    assert response.mimetype == "text/html"
    assert "500 Internal Server Error" in response.get_data(as_text=True)
    assert "hunter2" not in response.get_data(as_text=True)


def test_pages_outside_the_api_get_an_html_error_page(client):
    """A missing page answers 404 with the site's HTML error page."""
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert "404 Not Found" in response.get_data(as_text=True)
    assert 'href="/"' in response.get_data(as_text=True)
