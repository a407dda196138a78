"""The shipped migrations build, match and remove the schema."""

from pathlib import Path

from flask.testing import FlaskCliRunner
from sqlalchemy import inspect, text

from {{ cookiecutter.package_name }}.extensions import db

MIGRATIONS = str(Path(__file__).resolve().parent.parent / "migrations")


def table_names() -> set[str]:
    """The tables in the test database now."""
    return set(inspect(db.engine).get_table_names())


def flask_db(runner: FlaskCliRunner, *args: str) -> None:
    """Run `flask db ARGS` on the shipped migrations; fail on a non-zero exit."""
    result = runner.invoke(args=["db", *args, "--directory", MIGRATIONS])
    assert result.exit_code == 0, result.output


def test_upgrade_downgrade_and_upgrade_again(app, runner):
    """The migrations create the models' tables, drop them, and create them again."""
    with app.app_context():
        db.drop_all()
        flask_db(runner, "upgrade")
        assert {"users", "notes"} <= table_names()
        flask_db(runner, "check")
        flask_db(runner, "downgrade", "base")
        assert not {"users", "notes"} & table_names()
        flask_db(runner, "upgrade")
        assert {"users", "notes"} <= table_names()
        flask_db(runner, "downgrade", "base")
        with db.engine.begin() as connection:
            connection.execute(text("DROP TABLE alembic_version"))
        assert table_names() == set()


def test_flask_db_needs_no_app_context(app, runner):
    """The commands find their app without one pushed, as under `flask`."""
    with app.app_context():
        db.drop_all()
    flask_db(runner, "upgrade")
    flask_db(runner, "downgrade", "base")
    with app.app_context(), db.engine.begin() as connection:
        connection.execute(text("DROP TABLE alembic_version"))
