"""The project's tests, a folder per feature."""
