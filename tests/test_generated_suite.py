"""Tier 2: a curated set of bakes passes its own test suite."""

import sys

import pytest

from conftest import run
from matrix import CURATED


@pytest.mark.parametrize("answers", CURATED.values(), ids=CURATED.keys())
def test_generated_suite_passes(bake, answers):
    """The project's own pytest run is green straight after baking."""
    project = bake(**answers)
    result = run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider"], project)
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr
    assert " passed" in result.stdout
