"""Every bake-tier answer set bakes a clean, importable project."""

import ast
import json
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

from conftest import clean_env, run
from matrix import SUITES, TEMPLATE, TRACES, derived, option_values

# The title each license text carries, and no other text does.
LICENSE_TITLES = {
    "MIT": "MIT License",
    "BSD-3-Clause": "BSD 3-Clause License",
    "Apache-2.0": "Apache License",
}
LEFTOVER = re.compile(r"cookiecutter\.(?!json\b)\w|\{%-?\s*(raw|endraw)\s*-?%\}")


def project_files(project: Path) -> list[Path]:
    """Every file of a bake."""
    return [path for path in project.rglob("*") if path.is_file()]


def top_level_imports(source: str) -> set[str]:
    """The top-level module names a Python source imports absolutely."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def requirement_names(requirements: list[str]) -> set[str]:
    """Normalized distribution names of PEP 508 requirement strings."""
    return {
        re.split(r"[\s<>=!~;\[]", req, maxsplit=1)[0].lower().replace("_", "-")
        for req in requirements
    }


def test_no_template_syntax_is_left(baked):
    """No cookiecutter variable or raw block survives the bake."""
    _, project = baked
    for path in project_files(project):
        text = path.read_text(encoding="utf-8")
        assert not LEFTOVER.search(text), path


def test_ruff_check_passes(baked):
    """The bake is lint-clean under its own ruff settings."""
    _, project = baked
    result = run([sys.executable, "-m", "ruff", "check", "--no-cache", "."], project)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="session")
def mypy_cache(tmp_path_factory):
    """A mypy cache of this worker's own, so only the first bake checks the
    libraries from scratch."""
    return tmp_path_factory.mktemp("mypy-cache")


def test_mypy_strict_passes(baked, mypy_cache):
    """The bake type-checks under its own strict mypy settings."""
    _, project = baked
    command = [sys.executable, "-m", "mypy", "--cache-dir", str(mypy_cache)]
    result = run(command, project)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_check_passes(baked):
    """The bake is formatted as ruff formats it: no Jinja whitespace artifacts."""
    _, project = baked
    args = [sys.executable, "-m", "ruff", "format", "--no-cache", "--check", "."]
    result = run(args, project)
    assert result.returncode == 0, result.stdout + result.stderr


def test_create_app_imports_and_routes(baked):
    """create_app() builds the app from the environment, for tests or not."""
    _, project = baked
    package = project.name.replace("-", "_")
    script = (
        f"from {package} import create_app\n"
        "rules = {rule.rule for rule in create_app(testing=True).url_map.iter_rules()}\n"
        "assert {'/', '/healthz', '/readyz', '/api/session/visits'} <= rules, rules\n"
        "assert not create_app().testing\n"
    )
    env = clean_env(APP_ENV="development")
    result = run([sys.executable, "-c", script], project, env=env)
    assert result.returncode == 0, result.stderr


def test_every_third_party_import_is_a_declared_dependency(baked):
    """Modules the app imports are dependencies; the tests' are dev extras too."""
    _, project = baked
    pyproject = tomllib.loads((project / "pyproject.toml").read_text())
    runtime = requirement_names(pyproject["project"]["dependencies"])
    dev = runtime | requirement_names(
        pyproject["project"]["optional-dependencies"]["dev"]
    )
    local = {path.stem for path in project.glob("*.py")} | {
        path.name for path in project.iterdir() if (path / "__init__.py").exists()
    }
    providers = packages_distributions()
    for path in project.rglob("*.py"):
        declared = dev if "tests" in path.relative_to(project).parts else runtime
        for module in top_level_imports(path.read_text()):
            if module in sys.stdlib_module_names or module in local:
                continue
            distributions = {name.lower() for name in providers.get(module, [])}
            assert distributions, (
                f"{path.name} imports {module}, which nothing provides"
            )
            assert distributions & declared, f"{path.name} imports undeclared {module}"


def sleep_calls(source: str) -> list[int]:
    """The lines of a Python source that call time.sleep, or another sleep."""
    called = {
        node.lineno: getattr(node.func, "attr", getattr(node.func, "id", None))
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
    }
    return [line for line, name in called.items() if name == "sleep"]


def test_generated_tests_never_sleep(baked):
    """Time-dependent tests move a clock instead of waiting for real time."""
    _, project = baked
    for path in (project / "tests").glob("*.py"):
        assert not sleep_calls(path.read_text()), path


def test_free_text_is_rendered_verbatim(bake):
    """Accents, apostrophes and ampersands reach the project unescaped."""
    answers = SUITES["unusual-text"]
    project = bake(**answers)
    pyproject = tomllib.loads((project / "pyproject.toml").read_text())
    assert pyproject["project"]["description"] == answers["description"]
    assert pyproject["project"]["authors"][0]["name"] == answers["author_name"]
    assert (
        (project / "README.md").read_text().startswith(f"# {answers['project_name']}\n")
    )
    assert "\\u00" not in (project / "tests" / "core" / "test_pages.py").read_text()
    result = run([sys.executable, "-m", "ruff", "check", "--no-cache", "."], project)
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize("database", option_values()["database"])
def test_the_longest_names_stay_lint_clean(bake, database):
    """A 40-character package name, with every option that imports from the
    package, wraps no line the formatter would rewrap."""
    project = bake(
        project_name="Inventory And Shipping Management Portal",
        database=database,
        use_jwt=database != "none",
        use_redis_sessions=True,
        use_socketio=True,
    )
    assert len(project.name) == 40
    for args in (["check"], ["format", "--check"]):
        command = [sys.executable, "-m", "ruff", *args, "--no-cache", "."]
        result = run(command, project)
        assert result.returncode == 0, result.stdout + result.stderr


def test_mentions_no_unselected_option(baked):
    """Text owned by answers not chosen appears nowhere in the bake."""
    answers, project = baked
    # The recorded answers name every option, chosen or not; LICENSE is legal
    # text the license answer picks whole ("Redistribution" mentions no Redis),
    # checked by test_license_follows_the_answer.
    texts = {
        path: path.read_text(encoding="utf-8")
        for path in project_files(project)
        if path.name not in (".cookiecutter.json", "LICENSE")
    }
    for name, (chosen, needles) in TRACES.items():
        if chosen(answers):
            continue
        for path, text in texts.items():
            for needle in needles:
                assert needle not in text, f"{path} mentions {name}: {needle}"


def test_license_follows_the_answer(baked):
    """LICENSE holds the chosen text, and pyproject names the same license."""
    answers, project = baked
    pyproject = tomllib.loads((project / "pyproject.toml").read_text())
    assert not (project / "LICENSES").exists()
    if answers["license"] == "Proprietary":
        assert not (project / "LICENSE").exists()
        assert pyproject["project"]["license"] == "LicenseRef-Proprietary"
    else:
        text = (project / "LICENSE").read_text()
        named = [title for title in LICENSE_TITLES.values() if title in text]
        assert named == [LICENSE_TITLES[answers["license"]]]
        assert pyproject["project"]["license"] == answers["license"]


def test_python_version_sets_the_lint_target(baked):
    """The chosen Python version is ruff's target; 3.11 stays the minimum."""
    answers, project = baked
    pyproject = tomllib.loads((project / "pyproject.toml").read_text())
    assert pyproject["tool"]["ruff"]["target-version"] == "py" + answers[
        "python_version"
    ].replace(".", "")
    assert pyproject["project"]["requires-python"] == ">=3.11"


def test_answers_are_recorded_for_replay(baked, bake):
    """.cookiecutter.json replays the answers and holds no machine paths."""
    answers, project = baked
    record = json.loads((project / ".cookiecutter.json").read_text())
    assert set(record) == {"cookiecutter"}
    assert record["cookiecutter"].items() >= answers.items()
    # Derived answers are kept: a replay takes the record as it is.
    assert record["cookiecutter"].items() >= derived(answers).items()
    private = [key for key in record["cookiecutter"] if key.startswith("_")]
    assert sorted(private) == sorted(derived(answers))
    # The cache's parent, the run's temporary folder, holds the bake as made
    # and every worker's copies.
    text = json.dumps(record)
    assert str(bake.cache.parent) not in text
    assert str(TEMPLATE) not in text
