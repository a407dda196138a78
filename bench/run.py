"""Benchmark generated projects against their baselines; write bench/RESULTS.md.

Usage: .venv/bin/python bench/run.py [--quick] [--database postgresql] [--against REF]

In one process, the default bake (SQLite, accounts, CORS) is called through
WSGI beside bare Flask doing the same work; served by gunicorn, a bake with
every option is loaded by wrk beside bare Flask under the same settings.
"""

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
# The template's test helpers bake, serve and provide scratch databases.
sys.path[1:1] = [str(BENCH.parent / "tests")]

from bakes import ALL_ANSWERS, bake, bake_at, bake_times, commit_of  # noqa: E402
from inprocess import in_process  # noqa: E402
from load import LoadTool  # noqa: E402
from matrix import TEMPLATE  # noqa: E402
from realtime import realtime  # noqa: E402
from report import kept_notes, machine, results_document, table  # noqa: E402
from serving import against_rows, serving, serving_against  # noqa: E402
from startup import import_times, suite_times  # noqa: E402


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line's settings."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rounds", type=int, default=5, help="rounds per served measurement"
    )
    parser.add_argument(
        "--calls-rounds",
        type=int,
        default=40,
        help="rounds of in-process calls, each about 0.05 s per route and side",
    )
    parser.add_argument(
        "--seconds", type=float, default=3, help="seconds of load per route and round"
    )
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument(
        "--database",
        choices=("postgresql", "mysql", "sqlite"),
        default="postgresql",
        help="the served project's database (the shared local server)",
    )
    parser.add_argument(
        "--load-tool",
        choices=("wrk", "python"),
        default="wrk",
        help="wrk falls back to the Python client when it is not installed",
    )
    parser.add_argument(
        "--quick", action="store_true", help="one short round: checks the bench works"
    )
    parser.add_argument(
        "--against",
        metavar="REF",
        help="also serve the template as committed at REF (a git ref) and compare"
        " GET /api/notes and memory per worker with it",
    )
    parser.add_argument("--output", type=Path, default=BENCH / "RESULTS.md")
    args = parser.parse_args(argv)
    if args.quick:
        args.rounds, args.seconds, args.calls_rounds = 1, 0.5, 4
    return args


def main(argv: list[str] | None = None) -> int:
    """Run every measurement, print the table and write the results file."""
    args = arguments(argv)
    load = LoadTool(prefer_wrk=args.load_tool == "wrk", connections=args.connections)
    commit = commit_of(args.against) if args.against else None
    workdir = Path(tempfile.mkdtemp(prefix="flask-starter-bench-"))
    try:
        rows = bake_times(args.rounds, workdir)
        answers = ALL_ANSWERS | {"database": args.database}
        everything = bake(TEMPLATE, workdir / "all", answers, workdir)
        defaults = bake(TEMPLATE, workdir / "defaults", {}, workdir)
        earlier = bake_at(commit, answers, workdir) if commit else None
        rows += in_process(defaults, args.calls_rounds, workdir)
        served, settings = serving(
            everything, args.database, workdir, load, args.rounds, args.seconds
        )
        rows += served
        rows += realtime(
            everything, answers, args.database, workdir, load, args.rounds, args.seconds
        )
        if earlier:
            rows += serving_against(
                everything,
                earlier,
                against_rows(args.against, commit),
                args.database,
                workdir,
                load,
                args.rounds,
                args.seconds,
            )
            settings["Against"] = (
                f"{args.against} ({commit}), baked with the same answers and served"
                " the same way, on the same libraries; each round this commit first"
            )
        rows += import_times(everything, args.rounds, workdir)
        suites = {
            "defaults": (defaults, "sqlite"),
            "all options": (everything, args.database),
        }
        rows += suite_times(suites, args.rounds, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    settings = {
        "In one process": (
            f"the default bake and bare Flask, {args.calls_rounds} rounds of about"
            " 0.05 s per route and side, each request's line logged to a file"
        ),
        "Served rounds": f"{args.rounds}, alternating which side goes first",
        "Load per route and round": f"{args.seconds:g} s",
        **settings,
    }
    print(table(rows))
    document = results_document(
        rows, machine(load.name), settings, kept_notes(args.output)
    )
    args.output.write_text(document)
    print(f"written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
