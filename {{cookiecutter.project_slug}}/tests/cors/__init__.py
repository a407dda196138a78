"""Tests of cross-origin requests."""
