"""The shipped migrations build, match and remove the schema."""

from sqlalchemy import inspect, text

from {{ cookiecutter.package_name }}.database.models import db


def table_names() -> set[str]:
    """The tables in the test database now."""
    return set(inspect(db.engine).get_table_names())


def test_upgrade_downgrade_and_upgrade_again(app, flask_db):
    """The migrations create the models' tables, drop them, and create them again."""
    models = set(db.metadata.tables)
    with app.app_context():
        db.drop_all()
        flask_db("upgrade")
        assert table_names() == models | {"alembic_version"}
        flask_db("check")
        flask_db("downgrade", "base")
        assert table_names() == {"alembic_version"}
        flask_db("upgrade")
        assert table_names() == models | {"alembic_version"}
        flask_db("downgrade", "base")
        with db.engine.begin() as connection:
            connection.execute(text("DROP TABLE alembic_version"))
        assert table_names() == set()


def test_flask_db_needs_no_app_context(app, flask_db):
    """The commands find their app without one pushed, as under `flask`."""
    with app.app_context():
        db.drop_all()
    flask_db("upgrade")
    flask_db("downgrade", "base")
    with app.app_context(), db.engine.begin() as connection:
        connection.execute(text("DROP TABLE alembic_version"))
