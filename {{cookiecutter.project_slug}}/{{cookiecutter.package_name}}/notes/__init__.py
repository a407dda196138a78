"""Notes: the example resource of the JSON API, at /api/notes."""

from flask import Flask

from .routes import bp


def init_app(app: Flask) -> None:
    """Mount the notes API."""
    app.register_blueprint(bp, url_prefix="/api/notes")
