"""Reliability: an every-option bake under gunicorn takes a burst of concurrent requests."""

import http.client
import json
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest

from matrix import ALL_OPTIONS
from production import auth_headers, has_auth, http_post_json, served_in_production
from services import URLS, scratch_database

# A fixed burst: this many requests from this many clients at once.
REQUESTS = 480
CLIENTS = 24


def routes(note_id: int, auth: dict[str, str], login: bool) -> list[tuple]:
    """(method, path, JSON body, extra headers, expected status) for each route."""
    listed = [
        ("GET", "/healthz", None, {}, 200),
        ("GET", "/readyz", None, {}, 200),
        ("GET", "/", None, {}, 200),
        ("GET", "/static/css/app.css", None, {}, 200),
        ("POST", "/api/session/visits", None, {}, 200),
        ("GET", "/api/notes?per_page=5", None, auth, 200),
        ("GET", f"/api/notes/{note_id}", None, auth, 200),
        ("PATCH", f"/api/notes/{note_id}", {"body": "edited"}, auth, 200),
        ("POST", "/api/notes", "new note", auth, 201),
        ("GET", "/api/notes/999999", None, auth, 404),
    ]
    if login:
        listed.append(("GET", "/api/auth/me", None, auth, 200))
    return listed


def send(port: int, route: tuple, number: int) -> tuple[str, int | str]:
    """Send one request of a route; return its name and status or error."""
    method, path, body, headers, _ = route
    if body == "new note":
        body = {"title": f"Burst note {number}"}
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        data = None if body is None else json.dumps(body)
        headers = {**headers, "Content-Type": "application/json"} if data else headers
        connection.request(method, path, data, headers)
        response = connection.getresponse()
        response.read()
        return f"{method} {path}", response.status
    except (OSError, http.client.HTTPException) as error:
        return f"{method} {path}", f"{type(error).__name__}: {error}"
    finally:
        connection.close()


@pytest.mark.parametrize("database", ["sqlite", "postgresql", "mysql"])
def test_a_burst_across_every_route_gets_no_5xx_and_no_connection_error(
    bake,
    database,
    redis_prefix,
    tmp_path,
):
    """Every request of the burst gets its route's usual answer."""
    project = bake(database=database, use_jwt=True, **ALL_OPTIONS)
    with (
        scratch_database(database, tmp_path) as url,
        served_in_production(
            project,
            tmp_path,
            DATABASE_URL=url,
            REDIS_URL=URLS["redis"],
            REDIS_KEY_PREFIX=redis_prefix,
        ) as port,
    ):
        base = f"http://127.0.0.1:{port}"
        auth = auth_headers(project, http_post_json(base))
        status, note = http_post_json(base, auth)("/api/notes", {"title": "Burst"})
        assert status == 201, note
        listed = routes(note["id"], auth, has_auth(project))
        with ThreadPoolExecutor(CLIENTS) as pool:
            answers = list(
                pool.map(
                    lambda n: send(port, listed[n % len(listed)], n),
                    range(REQUESTS),
                )
            )
    expected = {f"{method} {path}": status for method, path, *_, status in listed}
    unexpected = Counter(
        (name, status) for name, status in answers if status != expected[name]
    )
    assert not unexpected, unexpected
