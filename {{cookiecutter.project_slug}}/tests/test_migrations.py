"""The shipped migrations build, match and remove the schema."""

from pathlib import Path

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from {{ cookiecutter.package_name }}.extensions import db

MIGRATIONS = str(Path(__file__).resolve().parent.parent / "migrations")


def table_names() -> set[str]:
    """The tables in the test database now."""
    return set(inspect(db.engine).get_table_names())


def test_upgrade_downgrade_and_upgrade_again(app, runner):
    """The migrations create the models' tables, drop them, and create them again."""
    with app.app_context():
        db.drop_all()
        upgrade(directory=MIGRATIONS)
        assert {"users", "notes"} <= table_names()
        result = runner.invoke(args=["db", "check", "--directory", MIGRATIONS])
        assert result.exit_code == 0, result.output
        downgrade(directory=MIGRATIONS, revision="base")
        assert not {"users", "notes"} & table_names()
        upgrade(directory=MIGRATIONS)
        assert {"users", "notes"} <= table_names()
        downgrade(directory=MIGRATIONS, revision="base")
        with db.engine.begin() as connection:
            connection.execute(text("DROP TABLE alembic_version"))
        assert table_names() == set()
