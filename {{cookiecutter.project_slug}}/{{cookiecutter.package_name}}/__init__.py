"""The application factory."""

from flask import Flask

from . import core
from .core.security import trust_proxies


def create_app(testing: bool = False) -> Flask:
    """Create the app from the settings in the environment.

    ``testing`` sets Flask's TESTING flag, as the test suite's apps have it.
    """
    # Imported here, not above, so that `flask secrets` and the other commands
    # that need no app still work while a feature cannot be imported (say,
    # just after an update, before its new dependencies are installed).
    from .features import FEATURES

    app = Flask(__name__)
    app.testing = testing
    core.init_app(app)
    for feature in FEATURES:
        feature.init_app(app)
    # Outermost, so that every request, including those a middleware answers
    # before Flask sees them, gets the client's address and scheme from the
    # trusted proxies.
    trust_proxies(app, app.config["TRUSTED_PROXIES"])
    return app
