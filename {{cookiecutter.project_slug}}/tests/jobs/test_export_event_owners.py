"""``export_ready`` reaches the owner's connections and nobody else's."""


def test_only_the_owner_hears_that_an_export_is_ready(app, sign_in):
    """Each signed-in connection joins its user's room; the event goes there."""
    socketio = app.extensions["socketio"]
    ada, bob = app.test_client(), app.test_client()
    listeners = {}
    for name, client in (("ada", ada), ("bob", bob)):
        token = sign_in(client, f"{name}@example.com")["access_token"]
        listeners[name] = socketio.test_client(app, auth={"token": token})
        listeners[name].get_received()
    export = ada.post("/api/exports").json
    heard = {
        name: [e["args"][0] for e in sio.get_received() if e["name"] == "export_ready"]
        for name, sio in listeners.items()
    }
    assert heard == {"ada": [{"id": export["id"], "status": "done"}], "bob": []}
    for sio in listeners.values():
        sio.disconnect()
