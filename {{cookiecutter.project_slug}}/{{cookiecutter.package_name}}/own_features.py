"""This project's own features, set up after the template's.

Add a feature as a package with an ``init_app(app)`` function (README:
Adding a feature) and list it here. Template updates never change this
file, so what you add here stays out of their way.
"""

from .core import Feature

OWN_FEATURES: list[Feature] = []
