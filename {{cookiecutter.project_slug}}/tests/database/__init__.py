"""Tests of the database: settings, outages, migrations."""
