"""Cross-origin requests: front ends on CORS_ORIGINS may call /api."""

from flask import Flask
from flask_cors import CORS

from ..core.origins import trusted_origins

cors = CORS()


def init_app(app: Flask) -> None:
    """Let the trusted origins call the API with credentials."""
    app.config.update(
        CORS_ORIGINS=trusted_origins(app),
        CORS_RESOURCES=r"/api/.*",
        CORS_ALLOW_HEADERS=("Authorization", "Content-Type"),
        CORS_EXPOSE_HEADERS=("X-Request-ID",),
        CORS_SUPPORTS_CREDENTIALS=True,
        CORS_MAX_AGE=600,
        CORS_ALWAYS_SEND=False,
        # Flask runs the after-request hook that adds the headers for error
        # answers too; intercepting those as well does the work twice.
        CORS_INTERCEPT_EXCEPTIONS=False,
    )
    cors.init_app(app)
