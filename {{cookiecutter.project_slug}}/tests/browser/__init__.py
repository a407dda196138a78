"""Tests in a real browser: the pages as a visitor sees them."""
