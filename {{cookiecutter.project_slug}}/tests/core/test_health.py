"""Liveness and readiness probes, over HTTP and on the command line."""

import time

import pytest
from flask import request

from {{ cookiecutter.package_name }}.core.health import add_readiness_check


def fail() -> None:
    """A readiness check whose backend is down."""
    raise ConnectionError("connection refused")


def test_healthz_answers_ok(client):
    """/healthz answers 200 without touching a backend."""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok"}


def test_healthz_is_answered_before_flask_as_its_view_would(app, client):
    """The core's WSGI layer answers the probe: no request hook runs, and the
    body and type are the view's; /readyz is an ordinary view."""
    hooked: list[str] = []
    app.before_request(lambda: hooked.append(request.path))
    response = client.get("/healthz")
    with app.test_request_context("/healthz"):
        view = app.view_functions["health.healthz"]()
    assert (response.get_data(), response.content_type) == (
        view.get_data(),
        view.content_type,
    )
    assert hooked == []
    client.get("/readyz")
    assert hooked == ["/readyz"]


def test_healthz_answers_head_with_headers_only(client):
    """HEAD gets GET's status and headers, without the body."""
    response = client.head("/healthz")
    assert response.status_code == 200
    assert response.get_data() == b""
    assert response.headers["Content-Length"] == "16"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_other_methods_on_healthz_get_flasks_405(client):
    """Only GET and HEAD are the probe; anything else is Flask's to refuse."""
    response = client.post("/healthz")
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]


def test_readyz_reports_each_check(app, client):
    """/readyz is 200 and lists every backend while they all answer."""
    add_readiness_check(app, "cache", lambda: None)
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json["status"] == "ok"
    assert response.json["checks"]["cache"] == "ok"


def test_readyz_names_the_failing_backend(app, client):
    """A failing check makes /readyz answer 503 naming it, and nothing more."""
    add_readiness_check(app, "cache", lambda: None)
    add_readiness_check(app, "queue", fail)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json["status"] == "unavailable"
    assert response.json["checks"]["cache"] == "ok"
    assert response.json["checks"]["queue"] == "unavailable"
    assert "refused" not in response.get_data(as_text=True)


def test_check_ready_command_passes_when_all_backends_answer(app, runner):
    """``flask check-ready`` exits 0 and says so when every check passes."""
    add_readiness_check(app, "cache", lambda: None)
    result = runner.invoke(args=["check-ready"])
    assert result.exit_code == 0
    assert "cache: ok" in result.output
    assert "ready" in result.output


def test_check_ready_command_fails_naming_the_backend(app, runner):
    """``flask check-ready`` exits 1 and names the backend that is down."""
    add_readiness_check(app, "queue", fail)
    result = runner.invoke(args=["check-ready"])
    assert result.exit_code == 1
    assert "queue: unavailable" in result.output


class Clock:
    """A stand-in for time.monotonic and time.sleep: sleeping moves it on at once."""

    def __init__(self) -> None:
        self.now = 0.0

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock(monkeypatch) -> Clock:
    """A clock that `flask check-ready --wait` reads and sleeps on, instantly."""
    clock = Clock()
    monkeypatch.setattr(time, "monotonic", clock.monotonic)
    monkeypatch.setattr(time, "sleep", clock.sleep)
    return clock


@pytest.mark.parametrize(
    ("failures", "exit_code", "checked_at"), [(1, 0, [0, 1]), (5, 1, [0, 1, 2])]
)
def test_check_ready_waits_for_a_backend(
    app, runner, clock, failures, exit_code, checked_at
):
    """With --wait it retries each second until the backend answers or time is up."""
    calls = []

    def comes_up_late() -> None:
        calls.append(clock.now)
        if len(calls) <= failures:
            fail()

    add_readiness_check(app, "queue", comes_up_late)
    result = runner.invoke(args=["check-ready", "--wait", "2"])
    assert result.exit_code == exit_code
    assert calls == checked_at
