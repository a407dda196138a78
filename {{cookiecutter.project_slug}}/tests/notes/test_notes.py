"""The notes API: CRUD, pagination, validation and conflicts."""

import json

import pytest


def create(api_client, title: str = "Groceries", body: str = "Milk, eggs"):
    """Create a note through the API and return the response."""
    return api_client.post("/api/notes", json={"title": title, "body": body})


def test_create_returns_the_note_and_its_location(api_client):
    """POST answers 201 with the stored note and a Location header."""
    response = create(api_client)
    assert response.status_code == 201
    note = response.json
    assert (note["title"], note["body"]) == ("Groceries", "Milk, eggs")
    assert note["created_at"].endswith("Z")
    assert response.headers["Location"] == f"/api/notes/{note['id']}"
    assert api_client.get(response.headers["Location"]).json == note


def test_create_trims_the_title_and_defaults_the_body(api_client):
    """Surrounding spaces are dropped from titles; the body may be left out."""
    response = api_client.post("/api/notes", json={"title": "  Ideas  "})
    assert response.status_code == 201
    assert (response.json["title"], response.json["body"]) == ("Ideas", "")


def test_list_pages_newest_first_with_a_total(api_client):
    """GET lists notes newest first, one page at a time, with the total."""
    for number in range(5):
        create(api_client, title=f"Note {number}")
    response = api_client.get("/api/notes?page=2&per_page=2")
    assert response.status_code == 200
    assert [note["title"] for note in response.json["items"]] == ["Note 2", "Note 1"]
    assert response.json | {"items": None} == {
        "items": None,
        "page": 2,
        "per_page": 2,
        "total": 5,
        "pages": 3,
    }


def test_list_caps_per_page_and_answers_pages_past_the_end(api_client):
    """per_page is capped at 100; a page past the last one is empty."""
    create(api_client)
    response = api_client.get("/api/notes?per_page=1000000&page=999999999")
    assert response.status_code == 200
    assert response.json["per_page"] == 100
    assert response.json["items"] == []
    assert response.json["total"] == 1


@pytest.mark.parametrize("value", ["0", "-1", "two", "1.5", "", "9" * 40])
def test_list_refuses_bad_paging_values_by_field(api_client, value):
    """A page or per_page that is not a whole number of 1 or more is a 400."""
    response = api_client.get(f"/api/notes?page={value}&per_page={value}")
    assert response.status_code == 400
    assert set(response.json["error"]["fields"]) == {"page", "per_page"}


def test_update_changes_only_the_fields_given(api_client):
    """PATCH changes the fields it is sent and moves updated_at forward."""
    note = create(api_client).json
    response = api_client.patch(f"/api/notes/{note['id']}", json={"body": "Bread"})
    assert response.status_code == 200
    assert (response.json["title"], response.json["body"]) == ("Groceries", "Bread")
    assert response.json["updated_at"] >= note["updated_at"]


def test_delete_removes_the_note(api_client):
    """DELETE answers 204, and the note is gone."""
    note = create(api_client).json
    assert api_client.delete(f"/api/notes/{note['id']}").status_code == 204
    assert api_client.get(f"/api/notes/{note['id']}").status_code == 404
    assert api_client.get("/api/notes").json["total"] == 0


@pytest.mark.parametrize("method", ["get", "patch", "delete"])
@pytest.mark.parametrize("note_id", ["12345", "99999999999999999999"])
def test_a_missing_note_is_a_json_404(api_client, method, note_id):
    """Reading, changing or deleting a note that does not exist is a 404."""
    response = getattr(api_client, method)(f"/api/notes/{note_id}", json={})
    assert response.status_code == 404
    assert response.json["error"]["status"] == 404


def test_a_duplicate_title_is_a_409_and_nothing_changes(api_client):
    """Titles are unique: a second note with the same title is refused."""
    create(api_client)
    response = create(api_client, body="Other")
    assert response.status_code == 409
    assert response.json["error"]["message"] == "A note with this title already exists."
    assert api_client.get("/api/notes").json["total"] == 1
    # The failed transaction was rolled back; the next request works.
    assert create(api_client, title="Other").status_code == 201


def test_renaming_onto_another_title_is_a_409(api_client):
    """PATCH cannot give a note another note's title."""
    create(api_client, title="First")
    second = create(api_client, title="Second").json
    response = api_client.patch(f"/api/notes/{second['id']}", json={"title": "First"})
    assert response.status_code == 409
    assert api_client.get(f"/api/notes/{second['id']}").json["title"] == "Second"


@pytest.mark.parametrize(
    ("payload", "fields"),
    [
        ({}, {"title"}),
        ({"title": "   "}, {"title"}),
        ({"title": 7, "body": ["x"]}, {"title", "body"}),
        ({"title": "x" * 201}, {"title"}),
        ({"title": "ok", "body": "x" * 10_001}, {"body"}),
        ({"title": "tab\tand\x00nul"}, {"title"}),
        ({"title": "ok", "owner": "someone"}, {"owner"}),
    ],
)
def test_invalid_fields_are_a_400_naming_each(api_client, payload, fields):
    """Each invalid or unknown field gets its own message."""
    response = api_client.post("/api/notes", json=payload)
    assert response.status_code == 400
    assert set(response.json["error"]["fields"]) == fields
    assert api_client.get("/api/notes").json["total"] == 0


@pytest.mark.parametrize(
    ("data", "content_type", "status"),
    [
        ("{not json", "application/json", 400),
        ('["a", "list"]', "application/json", 400),
        (b"\xff\xfe", "application/json", 400),
        ("title=x", "application/x-www-form-urlencoded", 415),
    ],
)
def test_bodies_that_are_not_a_json_object_are_refused(
    api_client, data, content_type, status
):
    """Malformed JSON, non-objects and other content types get a JSON 4xx."""
    response = api_client.post("/api/notes", data=data, content_type=content_type)
    assert response.status_code == status
    assert response.json["error"]["status"] == status


# The texts an outside fuzzer found accepted before the one text rule.
HOSTILE_TEXT = [
    "\x84\x85\x9b",
    "\u200b\u200d\ufeff",
    "abc\u202etxt.exe",
]


@pytest.mark.parametrize("text", HOSTILE_TEXT)
def test_hostile_titles_and_bodies_are_refused_by_field(api_client, text):
    """Control characters, invisible-only text and bidi overrides are a 400
    with a message for each field, and nothing is stored."""
    response = api_client.post("/api/notes", json={"title": text, "body": text})
    assert response.status_code == 400
    assert set(response.json["error"]["fields"]) == {"title", "body"}
    assert api_client.get("/api/notes").json["total"] == 0


def test_lone_surrogates_are_refused(api_client):
    """Text that cannot be stored as UTF-8 is a 400, not a database error."""
    response = api_client.post(
        "/api/notes", data='{"title": "\\ud800"}', content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json["error"]["fields"] == {"title": "Must be valid Unicode text."}


def test_deeply_nested_json_is_a_400(api_client):
    """JSON nested too deeply to parse is refused, not a server error."""
    body = '{"title": ' + "[" * 100_000 + "]" * 100_000 + "}"
    response = api_client.post("/api/notes", data=body, content_type="application/json")
    assert response.status_code in (400, 413)
    assert response.json["error"]["status"] == response.status_code


class BrokenChunk(Exception):
    """What a server raises on a malformed chunk, like gunicorn's own type."""


class UnreadableBody:
    """A request body the server fails to read."""

    def read(self, size: int = -1) -> bytes:
        raise BrokenChunk("Invalid chunk size")


def test_a_body_the_server_cannot_read_is_a_400(api_client):
    """A transport failure while reading the body is the api_client's error."""
    response = api_client.post(
        "/api/notes",
        content_type="application/json",
        headers={"Transfer-Encoding": "chunked"},
        environ_overrides={
            "wsgi.input": UnreadableBody(),
            "wsgi.input_terminated": True,
        },
    )
    assert response.status_code == 400
    assert response.json["error"]["message"] == "The request body could not be read."


def test_the_longest_body_fits_however_it_is_escaped(api_client):
    """10,000 emoji, each sent as a 12-byte JSON escape, are a valid body."""
    body = json.dumps({"title": "Emoji", "body": "\U0001f600" * 10_000})
    response = api_client.post("/api/notes", data=body, content_type="application/json")
    assert response.status_code == 201
    assert response.json["body"] == "\U0001f600" * 10_000


def test_a_body_far_larger_than_a_note_is_a_413(api_client):
    """The notes API reads at most 256 KiB, whatever MAX_CONTENT_LENGTH allows."""
    body = '{"title": "big", "body": "' + "x" * 300_000 + '"}'
    response = api_client.post("/api/notes", data=body, content_type="application/json")
    assert response.status_code == 413
    assert response.json["error"]["status"] == 413
