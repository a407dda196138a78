"""Answers the hook refuses stop the bake with one sentence and write nothing."""

import pytest

from matrix import TEMPLATE


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        (["project_slug=My App"], "project_slug 'My App' must be lowercase letters"),
        (["project_slug=my_app"], "project_slug 'my_app' must be lowercase letters"),
        (
            ["package_name=1app"],
            "package_name '1app' is not a valid Python identifier.",
        ),
        (["package_name=class"], "package_name 'class' is a Python keyword."),
        (["package_name=flask"], "package_name 'flask' would shadow the module"),
        (["package_name=tests"], "package_name 'tests' would shadow the module"),
        (["author_email=nobody"], "author_email 'nobody' is not an e-mail address"),
        (
            ["version=1.0-beta"],
            "version '1.0-beta' is not a normalized PEP 440 version",
        ),
        (["license=GPL"], "GPL provided for choice variable license"),
        (["database=none"], "use_jwt true needs a database to keep its users in"),
        (
            ["use_celery=true", "database=none", "use_jwt=false"],
            "use_celery true needs a database to keep its exports in",
        ),
        (
            ["use_email=true", "use_jwt=false"],
            "use_email true mails the holders of accounts, but use_jwt is false",
        ),
    ],
)
def test_bad_answer_fails_with_one_sentence_and_writes_nothing(
    cookiecutter_cli, tmp_path, answers, message
):
    """A bad answer exits non-zero, names itself and its rule, and leaves no files."""
    out = tmp_path / "out"
    out.mkdir()
    result = cookiecutter_cli(
        "--no-input", "--output-dir", str(out), str(TEMPLATE), *answers
    )
    assert result.returncode != 0
    assert message in result.stdout + result.stderr
    assert list(out.iterdir()) == []
