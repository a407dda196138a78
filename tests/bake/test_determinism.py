"""Bakes are reproducible, and git takes every file of one but its secrets."""

from bakery import bake_requests, cache_key
from conftest import run, tree
from matrix import SAMPLE_ANSWERS


def test_same_answers_bake_identical_projects(bake):
    """Two bakes with the same answers differ only in their .env secrets."""
    first, second = bake.fresh(**SAMPLE_ANSWERS), bake.fresh(**SAMPLE_ANSWERS)
    assert first != second
    assert tree(first) == tree(second)
    assert (first / ".env").read_text() != (second / ".env").read_text()


def test_env_is_ignored_by_git(bake):
    """A first commit of the bake takes every file but .env."""
    project = bake()
    run(["git", "init", "-q"], project)
    run(["git", "add", "-A"], project)
    tracked = set(run(["git", "ls-files"], project).stdout.split())
    assert ".env" not in tracked
    assert {".env.example", ".flaskenv", ".cookiecutter.json", "wsgi.py"} <= tracked


def test_the_bake_cache_bakes_once_and_hands_out_private_copies(bake):
    """Asking twice for the same answers bakes once; each test may change its copy."""
    answers = {"project_name": "Cache Probe", "python_version": "3.11"}
    first, second = bake(**answers), bake(**answers)
    assert first != second
    assert tree(first) == tree(second)
    (first / "wsgi.py").write_text("changed\n")
    assert (second / "wsgi.py").read_text() != "changed\n"
    assert tree(bake(**answers)) == tree(second)
    key = cache_key(answers)
    made = [line for line in bake_requests(bake.cache) if line[1:] == [key, "miss"]]
    assert len(made) == 1
