"""The application factory."""

from apiflask import APIFlask

from . import core
from .core.security import trust_proxies


def create_app(testing: bool = False) -> APIFlask:
    """Create the app from the settings in the environment.

    ``testing`` sets Flask's TESTING flag, as the test suite's apps have it.
    """
    # Imported here, not above, so that `flask secrets` and the other commands
    # that need no app still work while a feature cannot be imported (say,
    # just after an update, before its new dependencies are installed).
    from .features import FEATURES

    # APIFlask is Flask that also writes the API's OpenAPI document; the core
    # sets up its errors and the docs page.
    app = APIFlask(
        __name__, spec_path="/api/openapi.json", docs_path=None, json_errors=False
    )
    app.testing = testing
    core.init_app(app)
    for feature in FEATURES:
        feature.init_app(app)
    # Outermost, so that every request, including those a middleware answers
    # before Flask sees them, gets the client's address and scheme from the
    # trusted proxies.
    trust_proxies(app, app.config["TRUSTED_PROXIES"])
    return app
