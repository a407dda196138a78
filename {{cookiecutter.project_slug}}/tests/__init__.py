"""The project's tests, one module per feature."""
