"""Tests of sessions kept in Redis."""
