"""The owner's Socket.IO connections hear when an export is ready."""


def test_the_owner_hears_that_the_export_is_ready(app, api_client):
    """``export_ready`` carries the export's id and status."""
    authorization = api_client.environ_base.get("HTTP_AUTHORIZATION", "")
    auth = {"token": authorization.removeprefix("Bearer ")}
    sio = app.extensions["socketio"].test_client(
        app, flask_test_client=api_client, auth=auth
    )
    sio.get_received()
    export = api_client.post("/api/exports").json
    events = [event for event in sio.get_received() if event["name"] == "export_ready"]
    assert [event["args"][0] for event in events] == [
        {"id": export["id"], "status": "done"}
    ]
    sio.disconnect()
