"""The template's shape: option-owned files free of Jinja logic, shared
wiring with few control tags, and new options that switch nothing on."""

import re

import pytest

from matrix import POST_GEN, TEMPLATE, option_values

PROJECT = TEMPLATE / "{{cookiecutter.project_slug}}"
CONTROL_TAG = re.compile(r"{%")
# The measure issue 14 set: half the control tags the generated Python had.
MAX_PYTHON_CONTROL_TAGS = 110
# Every option released by the commit that added this test. An option added
# later must default to off or none, so that `cruft update -y` leaves an
# existing project as it was.
RELEASED_OPTIONS = {
    "python_version",
    "database",
    "use_jwt",
    "use_cors",
    "use_socketio",
    "use_redis_sessions",
    "use_docker",
    "ci",
    "license",
}


def template_path(path: str):
    """The template file or folder an OPTION_PATHS entry names."""
    return PROJECT / path.replace("{package}", "{{cookiecutter.package_name}}")


# Deployment files belong to one option but are shared wiring: they list the
# services and processes that every other answer brings.
DEPLOYMENT_OPTIONS = {"use_docker", "ci=github", "ci=gitlab"}


def option_owned_files() -> list:
    """Each template file that belongs to one feature or one variant."""
    owned = set()
    for option, paths in POST_GEN.OPTION_PATHS.items():
        if option in DEPLOYMENT_OPTIONS:
            continue
        for path in map(template_path, paths):
            owned.update(path.rglob("*") if path.is_dir() else [path])
    owned.update(PROJECT.rglob("*+*"))
    return sorted(path for path in owned if path.is_file())


def test_option_owned_files_carry_no_control_tags():
    """A file the hook keeps or removes whole has no {% %} of its own."""
    files = option_owned_files()
    assert len(files) > 30
    tagged = [
        str(path.relative_to(PROJECT))
        for path in files
        if path.suffix != ".html" and CONTROL_TAG.search(path.read_text())
    ]
    assert tagged == []


def test_shared_python_wiring_stays_small():
    """The Python files every bake shares hold few control tags in all."""
    counts = {
        str(path.relative_to(PROJECT)): len(CONTROL_TAG.findall(path.read_text()))
        for path in PROJECT.rglob("*.py")
    }
    assert sum(counts.values()) <= MAX_PYTHON_CONTROL_TAGS, counts


@pytest.mark.parametrize("name", sorted(option_values()))
def test_options_added_later_default_to_off(name):
    """An option newer than this test starts off (false or none)."""
    if name not in RELEASED_OPTIONS:
        assert option_values()[name][0] in (False, "none")


def test_every_variant_names_a_known_option():
    """Each "name+variant" file has a rule in the hook's VARIANTS table."""
    variants = {path.stem.partition("+")[2] for path in PROJECT.rglob("*+*")}
    assert variants
    assert variants <= set(POST_GEN.VARIANTS)
