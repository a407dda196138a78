"""SQLite-specific settings."""

from sqlalchemy import text

from {{ cookiecutter.package_name }}.database.models import db


def test_foreign_keys_are_enforced(app):
    """Every connection turns SQLite's foreign key checks on."""
    with app.app_context():
        assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1
