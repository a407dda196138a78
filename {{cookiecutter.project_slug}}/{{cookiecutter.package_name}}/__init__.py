"""The application factory."""

from flask import Flask

from . import core
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
    return app
