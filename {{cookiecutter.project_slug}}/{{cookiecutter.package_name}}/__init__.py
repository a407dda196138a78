"""The application factory."""

from flask import Flask

from . import core
from .core.security import trust_proxies
from .features import FEATURES


def create_app(testing: bool = False) -> Flask:
    """Create the app from the settings in the environment.

    ``testing`` sets Flask's TESTING flag, as the test suite's apps have it.
    """
    app = Flask(__name__)
    app.testing = testing
    core.init_app(app)
    for feature in FEATURES:
        feature.init_app(app)
    # Outermost, so that every request, those extensions answer by themselves
    # included, sees the client's address and scheme as the proxies report them.
    trust_proxies(app, app.config["TRUSTED_PROXIES"])
    return app
