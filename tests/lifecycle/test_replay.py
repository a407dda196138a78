"""A bake's recorded answers replay to the same project."""

from conftest import tree
from matrix import SAMPLE_ANSWERS, TEMPLATE


def test_replay_file_rebakes_the_same_project(bake, cookiecutter_cli, tmp_path):
    """``cookiecutter --replay-file .cookiecutter.json`` reproduces the bake."""
    original = bake(**SAMPLE_ANSWERS)
    replay = original / ".cookiecutter.json"
    result = cookiecutter_cli(
        "--replay-file",
        str(replay),
        "--output-dir",
        str(tmp_path / "out"),
        str(TEMPLATE),
    )
    assert result.returncode == 0, result.stderr
    regenerated = tmp_path / "out" / original.name
    assert tree(regenerated) == tree(original)
