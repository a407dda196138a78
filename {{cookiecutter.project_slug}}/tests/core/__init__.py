"""Tests of what every app has: settings, errors, probes, logs, pages."""
