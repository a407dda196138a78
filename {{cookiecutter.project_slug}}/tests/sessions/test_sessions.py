"""Sessions kept in Redis, shared by every process that uses the same Redis."""

import socket
import time

import pytest


@pytest.fixture
def redis(app):
    """The app's Redis client."""
    return app.extensions["redis"]


def session_key(app, session_id: str) -> str:
    """The Redis key that holds a session."""
    return f"{app.config['REDIS_KEY_PREFIX']}session:{session_id}"


def down_app(make_app):
    """An app whose Redis is a closed port."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return make_app(REDIS_URL=f"redis://127.0.0.1:{port}/0")


def test_the_session_lives_in_redis_and_the_cookie_holds_only_its_id(
    app, client, redis
):
    """The visit count is stored in Redis; the cookie is an opaque random id."""
    assert client.post("/api/session/visits").json == {"visits": 1}
    assert client.post("/api/session/visits").json == {"visits": 2}
    session_id = client.get_cookie("session").value
    assert len(session_id) >= 32
    assert "visits" not in session_id
    assert redis.exists(session_key(app, session_id))


def test_the_session_expires_after_its_lifetime(make_app):
    """Redis drops a session SESSION_LIFETIME seconds after its last use."""
    app = make_app(SESSION_LIFETIME="120")
    client = app.test_client()
    client.post("/api/session/visits")
    key = session_key(app, client.get_cookie("session").value)
    assert 0 < app.extensions["redis"].ttl(key) <= 120


def test_another_process_reads_the_same_session(make_app, client):
    """An app sharing Redis and the key prefix continues the session."""
    client.post("/api/session/visits")
    other = make_app().test_client()
    other.set_cookie("session", client.get_cookie("session").value)
    assert other.post("/api/session/visits").json == {"visits": 2}


def test_an_unknown_session_id_starts_a_new_session(client):
    """A made-up or expired id is not an error: the count starts again."""
    client.set_cookie("session", "made-up-id")
    assert client.post("/api/session/visits").json == {"visits": 1}
    assert client.get_cookie("session").value != "made-up-id"


def test_a_new_session_answers_503_while_redis_is_down(make_app):
    """Saving to an unreachable Redis answers 503 JSON at once, not 500."""
    started = time.monotonic()
    response = down_app(make_app).test_client().post("/api/session/visits")
    assert time.monotonic() - started < 2
    assert response.status_code == 503
    assert response.json["error"]["message"].startswith("The session store")
    assert "Set-Cookie" not in response.headers


def test_an_existing_session_answers_503_while_redis_is_down(make_app, client):
    """Loading from an unreachable Redis answers 503 JSON, not 500."""
    client.post("/api/session/visits")
    down = down_app(make_app).test_client()
    down.set_cookie("session", client.get_cookie("session").value)
    response = down.post("/api/session/visits")
    assert response.status_code == 503
    assert response.json["error"]["status"] == 503


def test_requests_that_ignore_the_session_work_while_redis_is_down(make_app, client):
    """Only requests that use the session fail; pages and probes still answer."""
    client.post("/api/session/visits")
    down = down_app(make_app).test_client()
    down.set_cookie("session", client.get_cookie("session").value)
    assert down.get("/").status_code == 200
    assert down.get("/healthz").status_code == 200


def test_a_session_lifetime_of_zero_is_refused(make_app):
    """SESSION_LIFETIME must be at least a second."""
    with pytest.raises(RuntimeError, match="SESSION_LIFETIME must be at least"):
        make_app(SESSION_LIFETIME="0")
