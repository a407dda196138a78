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
    app.cli.add_command(add_secrets)


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


@click.command("secrets")
@with_appcontext
def add_secrets() -> None:
    """Add to .env each secret .env.example asks for and .env lacks.

    Values already in .env are never changed. Run it after turning an
    option on that brings a secret of its own.
    """
    project = Path(current_app.root_path).parent
    env = project / ".env"
    present = assigned_names(env)
    wanted = [
        name for name in secret_names(project / ".env.example") if name not in present
    ]
    if wanted:
        lines = "".join(f"{name}={secrets.token_hex(32)}\n" for name in wanted)
        text = env.read_text(encoding="utf-8") if env.exists() else ""
        separator = "\n" if text and not text.endswith("\n") else ""
        env.write_text(text + separator + lines, encoding="utf-8")
        env.chmod(0o600)
    for name in wanted:
        click.echo(f"added {name} to .env")
    if not wanted:
        click.echo(".env holds every secret .env.example asks for")


def assigned_names(path: Path) -> set[str]:
    """The variables a dotenv file sets, commented-out lines aside."""
    if not path.exists():
        return set()
    lines = path.read_text(encoding="utf-8").splitlines()
    return {
        line.split("=", 1)[0].strip().removeprefix("export ")
        for line in lines
        if "=" in line and not line.lstrip().startswith("#")
    }


def secret_names(example: Path) -> list[str]:
    """The secrets .env.example asks for: the variables it sets to nothing."""
    lines = example.read_text(encoding="utf-8").splitlines()
    return [line[:-1] for line in lines if SECRET_LINE.fullmatch(line)]
