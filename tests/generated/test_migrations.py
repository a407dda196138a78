"""The database option against real servers: migrations and the test database."""

import sys

import pytest
from sqlalchemy import create_engine, inspect

from conftest import clean_env, free_port, run
from services import scratch_database

BACKENDS = ["sqlite", "postgresql", "mysql"]


def table_names(url: str) -> set[str]:
    """The tables in the database at ``url``."""
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


@pytest.mark.parametrize("backend", BACKENDS)
def test_migrations_upgrade_downgrade_and_upgrade_again(bake, tmp_path, backend):
    """`flask db` builds the schema, finds it matches the models, and removes it."""
    project = bake(database=backend)
    with scratch_database(backend, tmp_path) as url:
        env = clean_env(APP_ENV="development", DATABASE_URL=url, LOG_LEVEL="WARNING")

        def flask_db(*args: str) -> None:
            command = [sys.executable, "-m", "flask", "db", *args]
            result = run(command, project, env=env, timeout=120)
            assert result.returncode == 0, result.stdout + result.stderr

        flask_db("upgrade")
        assert {"users", "notes", "alembic_version"} <= table_names(url)
        flask_db("check")
        flask_db("downgrade", "base")
        assert table_names(url) <= {"alembic_version"}
        flask_db("upgrade")
        assert {"users", "notes"} <= table_names(url)


@pytest.mark.parametrize(("require", "passes"), [("", True), ("1", False)])
def test_an_unreachable_test_database_skips_unless_required(bake, require, passes):
    """Without the server the database tests skip, saying why, or fail in CI.

    The failing run stops at its first failure: every later one says the same.
    """
    project = bake(database="postgresql")
    url = f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/absent"
    env = clean_env(TEST_DATABASE_URL=url, REQUIRE_SERVICES=require)
    args = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-ra"]
    if not passes:
        args.append("--exitfirst")
    result = run(args, project, env=env)
    assert (result.returncode == 0) is passes, result.stdout[-3000:]
    assert "The test database is unreachable" in result.stdout
    if passes:
        assert "skipped" in result.stdout


def test_flask_db_migrate_writes_a_lint_clean_revision(bake, tmp_path):
    """A model change becomes a revision that ruff accepts and that applies."""
    project = bake(database="sqlite")
    models = project / "my_flask_app" / "notes" / "models.py"
    models.write_text(
        models.read_text()
        + "\n\nclass Tag(Timestamped, Base):\n"
        + '    """A label for notes."""\n\n'
        + '    __tablename__ = "tags"\n\n'
        + "    id: Mapped[int] = mapped_column(primary_key=True)\n"
        + "    name: Mapped[str] = mapped_column(String(50), unique=True)\n"
    )
    url = f"sqlite:///{tmp_path / 'app.sqlite3'}"
    env = clean_env(APP_ENV="development", DATABASE_URL=url, LOG_LEVEL="WARNING")
    for args in (["upgrade"], ["migrate", "-m", "add tags"], ["upgrade"], ["check"]):
        command = [sys.executable, "-m", "flask", "db", *args]
        result = run(command, project, env=env, timeout=120)
        assert result.returncode == 0, result.stdout + result.stderr
    assert len(list((project / "migrations" / "versions").glob("*add_tags.py"))) == 1
    for args in (["check"], ["format", "--check"]):
        result = run([sys.executable, "-m", "ruff", *args, "--no-cache", "."], project)
        assert result.returncode == 0, result.stdout + result.stderr
