"""Commands added to the ``flask`` command line."""

import time

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from .health import run_readiness_checks


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
