"""The project's own flask commands: `flask secrets`."""

import stat

from {{ cookiecutter.package_name }}.core.commands import add_secrets

EXAMPLE = """# Signs the session cookie.
SECRET_KEY=
# LOG_LEVEL=INFO
TOKEN_KEY=
"""


def test_secrets_adds_only_what_env_lacks(runner, tmp_path):
    """Missing secrets get random values; existing values are left alone."""
    (tmp_path / ".env.example").write_text(EXAMPLE)
    env = tmp_path / ".env"
    env.write_text("SECRET_KEY=mine\nLOG_LEVEL=DEBUG")
    result = runner.invoke(add_secrets, ["--env-file", str(env)])
    assert result.exit_code == 0, result.output
    assert "Added TOKEN_KEY to .env." in result.output
    lines = env.read_text().splitlines()
    assert lines[:2] == ["SECRET_KEY=mine", "LOG_LEVEL=DEBUG"]
    name, value = lines[2].split("=")
    assert (name, len(value)) == ("TOKEN_KEY", 64)
    assert stat.S_IMODE(env.stat().st_mode) == 0o600


def test_secrets_changes_nothing_when_env_is_complete(runner, tmp_path):
    """Run again, it finds nothing to add and leaves .env as it was."""
    (tmp_path / ".env.example").write_text(EXAMPLE)
    env = tmp_path / ".env"
    runner.invoke(add_secrets, ["--env-file", str(env)])
    before = env.read_text()
    result = runner.invoke(add_secrets, ["--env-file", str(env)])
    assert result.exit_code == 0, result.output
    assert "holds every secret" in result.output
    assert env.read_text() == before


def test_secrets_says_when_there_is_no_example(runner, tmp_path):
    """Without .env.example there is nothing to go by: a clear error."""
    result = runner.invoke(add_secrets, ["--env-file", str(tmp_path / ".env")])
    assert result.exit_code == 1
    assert "There is no" in result.output
    assert not (tmp_path / ".env").exists()


def test_secrets_fills_in_a_copy_of_the_example(runner, tmp_path):
    """Secrets left empty, as in a copy of .env.example, get values in place."""
    (tmp_path / ".env.example").write_text(EXAMPLE)
    env = tmp_path / ".env"
    env.write_text(EXAMPLE)
    result = runner.invoke(add_secrets, ["--env-file", str(env)])
    assert result.exit_code == 0, result.output
    lines = env.read_text().splitlines()
    assert [line.split("=")[0] for line in lines[1::2]] == ["SECRET_KEY", "TOKEN_KEY"]
    assert all(len(line.split("=")[1]) == 64 for line in lines[1::2])
    assert lines[2] == "# LOG_LEVEL=INFO"
