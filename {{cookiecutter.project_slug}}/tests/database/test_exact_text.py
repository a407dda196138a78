"""Titles compare exactly on every database: accents, case and emoji count."""

import pytest


@pytest.mark.parametrize(
    "titles",
    [("emoji 😀", "emoji 😁"), ("Café", "Cafe"), ("Note", "note"), ("ß", "ss")],
)
def test_titles_that_differ_in_any_character_are_different(api_client, titles):
    """Two titles that differ only in an accent, a case or an emoji both exist."""
    for title in titles:
        response = api_client.post("/api/notes", json={"title": title, "body": ""})
        assert response.status_code == 201, response.json
    listed = api_client.get("/api/notes").json["items"]
    assert sorted(note["title"] for note in listed) == sorted(titles)


def test_the_same_title_twice_is_still_refused(api_client):
    """Exact comparison keeps titles unique."""
    note = {"title": "emoji 😀", "body": ""}
    assert api_client.post("/api/notes", json=note).status_code == 201
    assert api_client.post("/api/notes", json=note).status_code == 409
