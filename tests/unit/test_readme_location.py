"""The generated README's regenerate and cruft commands name the template's location."""

from pathlib import Path

import pytest
from cookiecutter.environment import StrictEnvironment
from cookiecutter.generate import generate_context
from cookiecutter.prompt import prompt_for_config

from conftest import readme_command
from matrix import TEMPLATE

DEFAULT = "https://github.com/org/flask-starter"


def render_readme(location: str, folder: Path) -> Path:
    """The default bake's README as cookiecutter renders it for a template at ``location``.

    cookiecutter and cruft both hand the location to the templates as
    ``_template``, after the answers are complete.
    """
    context = generate_context(str(TEMPLATE / "cookiecutter.json"))
    answers = prompt_for_config(context, no_input=True) | {"_template": location}
    env = StrictEnvironment(
        context={"cookiecutter": answers}, keep_trailing_newline=True
    )
    source = (TEMPLATE / "{{cookiecutter.project_slug}}" / "README.md").read_text()
    readme = folder / "README.md"
    readme.write_text(env.from_string(source).render(cookiecutter=answers))
    return readme


@pytest.mark.parametrize(
    ("location", "url"),
    [
        ("gh:acme/flask-starter", "https://github.com/acme/flask-starter.git"),
        ("gl:acme/flask-starter", "https://gitlab.com/acme/flask-starter.git"),
        ("bb:acme/flask-starter", "https://bitbucket.org/acme/flask-starter"),
        ("https://git.example.com/acme/flask-starter", None),
        ("git@github.com:acme/flask-starter.git", None),
        ("ssh://git@git.example.com/acme/flask-starter.git", None),
        ("git+https://git.example.com/acme/x", "https://git.example.com/acme/x"),
        ("/home/me/flask-starter", DEFAULT),
        ("../flask-starter", DEFAULT),
        (".", DEFAULT),
        ("C:\\src\\flask-starter", DEFAULT),
    ],
)
def test_commands_use_the_location_others_can_reach(tmp_path, location, url):
    """A URL or a gh:, gl: or bb: shortcut (written out for cruft) is named;
    a local path, which means nothing elsewhere, gives the template's home."""
    url = url or location
    readme = render_readme(location, tmp_path)
    regenerate = readme_command(readme, "Regenerate it")
    assert regenerate.endswith(f" {url}")
    link = readme.read_text().split("\ncruft link ", 1)[1].split("\n", 1)[0]
    assert link.endswith(f" {url}")
    assert f"`cruft create {url}`" in readme.read_text()
    if url != DEFAULT:
        assert DEFAULT not in readme.read_text()
