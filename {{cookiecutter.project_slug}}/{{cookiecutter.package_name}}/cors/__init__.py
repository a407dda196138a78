"""Cross-origin requests: front ends on CORS_ORIGINS may call /api."""

from collections.abc import Callable
from typing import cast

from flask import Flask, Response, request
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
    # Flask-CORS's hook adds headers only to the answers of requests that
    # carry an Origin header: browsers send one on cross-origin calls. Most
    # requests carry none, and skip it.
    hooks = app.after_request_funcs[None]
    hook = next(hook for hook in hooks if hook.__name__ == "cors_after_request")
    hooks.remove(hook)
    add_cors_headers = cast(Callable[[Response], Response], hook)

    @app.after_request
    def answer_origin(response: Response) -> Response:
        if "HTTP_ORIGIN" in request.environ:
            return add_cors_headers(response)
        return response
