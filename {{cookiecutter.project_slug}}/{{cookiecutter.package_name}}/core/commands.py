"""Commands added to the ``flask`` command line."""

import re
import secrets
import time
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from .health import run_readiness_checks

# A line of .env.example that sets a variable to nothing: a secret to make up.
SECRET_LINE = re.compile(r"[A-Z][A-Z0-9_]*=")


def init_app(app: Flask) -> None:
    """Register the project's commands."""
    app.cli.add_command(check_ready)


@click.command("check-ready")
@click.option(
    "--wait",
    default=0,
    show_default=True,
    type=click.IntRange(min=0),
    help="Seconds to keep retrying while a backend is down.",
)
@with_appcontext
def check_ready(wait: int) -> None:
    """Run the /readyz checks; exit with status 1 if a backend is down."""
    deadline = time.monotonic() + wait
    results = run_readiness_checks(current_app)
    while not all(results.values()) and time.monotonic() < deadline:
        time.sleep(1)
        results = run_readiness_checks(current_app)
    for name, ok in results.items():
        click.echo(f"{name}: {'ok' if ok else 'unavailable'}")
    if not all(results.values()):
        raise click.exceptions.Exit(1)
    click.echo("ready")


# Registered as a plugin command in pyproject.toml, not on the app: it must
# work while the app cannot start for want of the secrets it adds.
@click.command("secrets")
@click.option(
    "--env-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=".env",
    show_default=True,
    help="The file to add to; .env.example beside it says what to add.",
)
def add_secrets(env_file: Path) -> None:
    """Add to .env each secret .env.example asks for and .env lacks.

    Values already in .env are never changed; a secret set to nothing there,
    as in a copy of .env.example, gets its value in place. Run it after
    turning on an option that brings a secret of its own.
    """
    env, example = env_file, env_file.with_name(".env.example")
    if not example.is_file():
        raise click.ClickException(f"There is no {example} to say which secrets.")
    lines = env.read_text(encoding="utf-8").splitlines() if env.exists() else []
    present = assigned_names(lines)
    wanted = [name for name in secret_names(example) if name not in present]
    if not wanted:
        click.echo(f"{env.name} holds every secret .env.example asks for.")
        return
    values = {name: secrets.token_hex(32) for name in wanted}
    lines = [
        f"{line}{values.pop(line[:-1])}"
        if SECRET_LINE.fullmatch(line) and line[:-1] in values
        else line
        for line in lines
    ]
    lines += [f"{name}={value}" for name, value in values.items()]
    # Private from the start, not only once the secrets are in.
    env.touch(mode=0o600)
    env.chmod(0o600)
    env.write_text("\n".join(lines) + "\n", encoding="utf-8")
    click.echo(f"Added {', '.join(wanted)} to {env.name}.")


def assigned_names(lines: list[str]) -> set[str]:
    """The variables dotenv lines set to something, commented-out lines aside."""
    return {
        name.strip().removeprefix("export ")
        for name, _, value in (line.partition("=") for line in lines)
        if value.strip() and not name.lstrip().startswith("#")
    }


def secret_names(example: Path) -> list[str]:
    """The secrets .env.example asks for: the variables it sets to nothing."""
    lines = example.read_text(encoding="utf-8").splitlines()
    return [line[:-1] for line in lines if SECRET_LINE.fullmatch(line)]
