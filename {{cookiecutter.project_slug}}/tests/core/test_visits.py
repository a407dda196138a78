"""The visit counter kept in the session."""


def test_visits_count_up_within_a_session(client):
    """Each visit with the same session cookie adds one."""
    counts = [client.post("/api/session/visits").json["visits"] for _ in range(3)]
    assert counts == [1, 2, 3]


def test_a_new_session_starts_from_one(app, client):
    """Another browser, without the cookie, has its own count."""
    client.post("/api/session/visits")
    other = app.test_client()
    assert other.post("/api/session/visits").json == {"visits": 1}


def test_a_tampered_session_cookie_is_not_trusted(app, client):
    """A cookie not signed with SECRET_KEY starts a fresh session."""
    client.post("/api/session/visits")
    cookie = client.get_cookie("session")
    client.set_cookie("session", cookie.value[:-2] + "xx")
    assert client.post("/api/session/visits").json == {"visits": 1}
