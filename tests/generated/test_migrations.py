"""The database option against real servers: migrations and the test database."""

import re
import sys
import sysconfig
import venv
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

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


def query(url: str, statement: str) -> list[tuple]:
    """Run one SQL statement on the database at ``url``; return its rows."""
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            result = connection.execute(text(statement))
            return [tuple(row) for row in result] if result.returns_rows else []
    finally:
        engine.dispose()


def flask_db(project: Path, url: str, *args: str, python: str = sys.executable) -> str:
    """Run `flask db ARGS` on the database at ``url``; return its output."""
    env = clean_env(APP_ENV="development", DATABASE_URL=url, LOG_LEVEL="WARNING")
    command = [python, "-m", "flask", "db", *args]
    result = run(command, project, env=env, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


@pytest.mark.parametrize("backend", BACKENDS)
def test_migrations_upgrade_downgrade_and_upgrade_again(bake, tmp_path, backend):
    """`flask db` builds the schema, finds it matches the models, and removes it."""
    project = bake(database=backend)
    with scratch_database(backend, tmp_path) as url:
        flask_db(project, url, "upgrade")
        assert {"users", "notes", "alembic_version"} <= table_names(url)
        flask_db(project, url, "check")
        flask_db(project, url, "downgrade", "base")
        assert table_names(url) <= {"alembic_version"}
        flask_db(project, url, "upgrade")
        assert {"users", "notes"} <= table_names(url)


@pytest.mark.parametrize(("require", "passes"), [("", True), ("1", False)])
def test_an_unreachable_test_database_skips_unless_required(bake, require, passes):
    """Without the server the database tests skip, summed up in one line that
    says why and what to do; with REQUIRE_SERVICES=1 the run stops before the
    first test, saying the same once."""
    project = bake(database="postgresql")
    url = f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/absent"
    env = clean_env(TEST_DATABASE_URL=url, REQUIRE_SERVICES=require)
    args = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-ra"]
    result = run(args, project, env=env)
    output = result.stdout + result.stderr
    assert result.returncode == (0 if passes else 1), output[-3000:]
    reasons = re.findall(r"^SKIPPED \[\d+\] .*$", result.stdout, re.MULTILINE)
    if passes:
        assert len(reasons) == 1, reasons
        assert "The test database is unreachable" in reasons[0]
        assert "start the server TEST_DATABASE_URL names" in reasons[0]
    else:
        assert output.count("The test database is unreachable") == 1, output
        assert "no tests ran" in result.stdout
        assert not reasons


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_suite_passes_twice_on_a_migrated_test_database(bake, tmp_path, backend):
    """A test database that `flask db upgrade` built is emptied and used, run
    after run, and left for the next `flask db upgrade` to build again; the
    database DATABASE_URL names keeps its tables and rows untouched."""
    project = bake(database=backend, use_jwt=False)
    (tmp_path / "app").mkdir()
    (tmp_path / "test").mkdir()
    with (
        scratch_database(backend, tmp_path / "app") as app_url,
        scratch_database(backend, tmp_path / "test") as test_url,
    ):
        flask_db(project, app_url, "upgrade")
        flask_db(project, test_url, "upgrade")
        query(app_url, "CREATE TABLE kept (id INTEGER)")
        query(app_url, "INSERT INTO kept VALUES (1)")
        app_tables = table_names(app_url)
        env = clean_env(DATABASE_URL=app_url, TEST_DATABASE_URL=test_url)
        args = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q"]
        # Waiting out a silent server's timeouts again proves nothing here.
        args += ["-k", "not never_answers"]
        for _ in range(2):
            result = run(args, project, env=env)
            assert result.returncode == 0, result.stdout[-5000:] + result.stderr
            assert "skipped" not in result.stdout
        assert table_names(test_url) == set()
        flask_db(project, test_url, "upgrade")
        assert table_names(test_url) == {"notes", "alembic_version"}
        assert table_names(app_url) == app_tables
        assert query(app_url, "SELECT id FROM kept") == [(1,)]


def add_a_model(project: Path) -> None:
    """Add a model to the bake that no migration creates yet."""
    models = project / "my_flask_app" / "notes" / "models.py"
    models.write_text(
        models.read_text()
        + "\n\nclass Tag(Timestamped, Base):\n"
        + '    """A label for notes."""\n\n'
        + '    __tablename__ = "tags"\n\n'
        + "    id: Mapped[int] = mapped_column(primary_key=True)\n"
        + "    name: Mapped[str] = mapped_column(exact_string(50), unique=True)\n"
    )


def python_without_ruff(folder: Path) -> str:
    """A Python with every package this one has but ruff, like the virtual
    environment the README's run command builds without the dev extra."""
    venv.create(folder, symlinks=True)
    [site_packages] = folder.glob("lib/python*/site-packages")
    for entry in Path(sysconfig.get_path("purelib")).iterdir():
        if not entry.name.startswith("ruff"):
            (site_packages / entry.name).symlink_to(entry)
    return str(folder / "bin" / "python")


def test_flask_db_migrate_writes_a_lint_clean_revision(bake, tmp_path):
    """A model change becomes a revision that ruff accepts and that applies."""
    project = bake(database="sqlite")
    add_a_model(project)
    url = f"sqlite:///{tmp_path / 'app.sqlite3'}"
    for args in (["upgrade"], ["migrate", "-m", "add tags"], ["upgrade"], ["check"]):
        flask_db(project, url, *args)
    assert len(list((project / "migrations" / "versions").glob("*add_tags.py"))) == 1
    for args in (["check"], ["format", "--check"]):
        result = run([sys.executable, "-m", "ruff", *args, "--no-cache", "."], project)
        assert result.returncode == 0, result.stdout + result.stderr


def test_flask_db_migrate_works_without_the_dev_extra(bake, tmp_path):
    """Without ruff, `flask db migrate` writes the revision as it is and says
    so; the revision applies all the same."""
    project = bake(database="sqlite")
    add_a_model(project)
    python = python_without_ruff(tmp_path / "venv")
    url = f"sqlite:///{tmp_path / 'app.sqlite3'}"
    flask_db(project, url, "upgrade", python=python)
    output = flask_db(project, url, "migrate", "-m", "add tags", python=python)
    assert "ruff is not installed" in output
    for args in (["upgrade"], ["check"]):
        flask_db(project, url, *args, python=python)
    assert len(list((project / "migrations" / "versions").glob("*add_tags.py"))) == 1


@pytest.mark.parametrize("backend", BACKENDS)
def test_turning_on_email_upgrades_a_database_holding_accounts(bake, tmp_path, backend):
    """A project at 0002 with accounts and notes turns on use_email: the upgrade
    keeps them, counts the accounts as verified, and (on MariaDB, whose older
    columns took the server's accent-blind collation) makes addresses and
    titles compare exactly."""
    before = bake(database=backend)
    after = bake(database=backend, use_email=True)
    with scratch_database(backend, tmp_path) as url:
        flask_db(before, url, "upgrade", "0002")
        if backend == "mysql":
            # As databases made before issue 17 were: the server's collation.
            for table, column, length in (
                ("users", "email", 320),
                ("notes", "title", 200),
            ):
                query(
                    url,
                    f"ALTER TABLE {table} MODIFY {column} VARCHAR({length}) "
                    "COLLATE utf8mb4_general_ci NOT NULL",
                )
        now = "2026-01-01 00:00:00"
        for email in ("rené@example.com", "bob@example.com"):
            query(
                url,
                "INSERT INTO users (email, password_hash, role, is_active, "
                f"created_at, updated_at) VALUES ('{email}', '!', 'user', "
                f"{'1' if backend == 'mysql' else 'true'}, '{now}', '{now}')",
            )
        query(
            url,
            "INSERT INTO notes (title, body, owner_id, created_at, updated_at) "
            f"VALUES ('emoji 😀', '', 1, '{now}', '{now}')",
        )
        flask_db(after, url, "upgrade")
        flask_db(after, url, "check")
        assert query(url, "SELECT COUNT(*) FROM email_verifications") == [(2,)]
        assert query(url, "SELECT DISTINCT token_version FROM users") == [(0,)]
        # Exact comparison: neither insert collides with what is there.
        query(
            url,
            "INSERT INTO users (email, password_hash, role, is_active, token_version, "
            f"created_at, updated_at) VALUES ('rene@example.com', '!', 'user', "
            f"{'1' if backend == 'mysql' else 'true'}, 0, '{now}', '{now}')",
        )
        query(
            url,
            "INSERT INTO notes (title, body, owner_id, created_at, updated_at) "
            f"VALUES ('emoji 😁', '', 1, '{now}', '{now}')",
        )
        assert query(url, "SELECT COUNT(*) FROM notes") == [(2,)]
