"""Unit tests of the hooks' helpers, imported straight from hooks/."""

import json
import stat

import pytest

from matrix import PRE_GEN, TEMPLATE, load_hook

pre = PRE_GEN
post = load_hook("post_gen_project")

GOOD_ANSWERS = {
    "project_name": "My Flask App",
    "project_slug": "my-flask-app",
    "package_name": "my_flask_app",
    "description": "A Flask web application.",
    "author_name": "Ada",
    "author_email": "ada@example.com",
    "version": "0.1.0",
    "copyright_year": "2026",
    "license": "MIT",
    "python_version": "3.12",
    "database": "sqlite",
    "use_jwt": True,
    "use_docker": True,
    "ci": "github",
}
CHOICES = {"license": ["MIT", "Proprietary"], "python_version": ["3.12", "3.11"]}


@pytest.mark.parametrize("slug", ["my-app", "app2", "a", "flask-starter-2"])
def test_slug_accepts_lowercase_words_joined_by_hyphens(slug):
    """Lowercase letters, digits and single hyphens make a slug."""
    assert pre.slug_error(slug) is None


@pytest.mark.parametrize(
    "slug", ["My-App", "my_app", "-app", "app-", "my--app", "2app", "a/b", ""]
)
def test_slug_refuses_anything_else(slug):
    """Capitals, underscores, stray hyphens, slashes and leading digits are refused."""
    assert "project_slug" in pre.slug_error(slug)


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("1app", "not a valid Python identifier"),
        ("my-app", "not a valid Python identifier"),
        ("class", "is a Python keyword"),
        ("match", "is a Python keyword"),
        ("MyApp", "must be lowercase"),
        ("flask", "would shadow"),
        ("werkzeug", "would shadow"),
        ("tests", "would shadow"),
        ("test", "would shadow"),
        ("wsgi", "would shadow"),
        ("json", "would shadow"),
        ("logging", "would shadow"),
        ("a" * 41, "at most 40 characters"),
    ],
)
def test_package_name_refusals_say_why(name, reason):
    """Each unusable package name is refused with the rule it breaks."""
    error = pre.package_error(name)
    assert error.startswith(f"package_name {name!r}")
    assert reason in error


@pytest.mark.parametrize("name", ["my_flask_app", "app", "orders", "a" * 40])
def test_package_name_accepts_ordinary_names(name):
    """``app`` is allowed: nothing the project imports is called that."""
    assert pre.package_error(name) is None


@pytest.mark.parametrize(
    "version", ["0.1.0", "1.0", "2.1.3rc1", "1.0a2", "1!2.0", "0.1.0.post1.dev2"]
)
def test_version_accepts_pep_440(version):
    """Normalized PEP 440 versions are accepted."""
    assert pre.version_error(version) is None


@pytest.mark.parametrize("version", ["1.0-beta", "v1.0", "banana", "01.0", "1.0.", ""])
def test_version_refuses_the_rest(version):
    """Anything that is not a normalized PEP 440 version is refused."""
    assert "PEP 440" in pre.version_error(version)


@pytest.mark.parametrize(
    "email", ["not-an-email", "a@b", "a b@example.com", "@example.com"]
)
def test_email_refuses_non_addresses(email):
    """An author e-mail must look like name@domain.tld."""
    assert "author_email" in pre.email_error(email)


def test_good_answers_have_no_errors():
    """The defaults pass every check."""
    assert pre.answer_errors(GOOD_ANSWERS, CHOICES) == []


def test_each_bad_answer_is_one_sentence(capsys):
    """main() prints one line per problem and returns a failing status."""
    answers = {
        **GOOD_ANSWERS,
        "version": "banana",
        "author_email": "nobody",
    }
    assert pre.main(answers) == 1
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 2
    assert all(line.startswith("error: ") and line.endswith(".") for line in lines)


def test_answers_outside_the_choices_are_refused():
    """A replay file can carry any value; choices are checked against the template."""
    answers = {**GOOD_ANSWERS, "license": "GPL-3.0", "python_version": "3.9"}
    assert pre.answer_errors(answers, CHOICES) == [
        "license 'GPL-3.0' is not one of MIT, Proprietary.",
        "python_version '3.9' is not one of 3.12, 3.11.",
    ]


def test_hook_choices_match_cookiecutter_json():
    """The hook checks replayed answers against the template's own choices."""
    context = json.loads((TEMPLATE / "cookiecutter.json").read_text())
    declared = {
        k: v
        for k, v in context.items()
        if isinstance(v, list) and not k.startswith("_")
    }
    assert declared == pre.CHOICES


@pytest.mark.parametrize("text", ['The "best" app', "C:\\apps", "two\nlines", "  "])
def test_free_text_that_would_break_quoted_strings_is_refused(text):
    """Quotes, backslashes, line breaks and blank answers are refused."""
    assert pre.text_error("description", text).startswith("description")


def test_free_text_may_hold_accents_apostrophes_and_ampersands():
    """Ordinary names pass as they are."""
    assert pre.text_error("author_name", "José Müller-O'Brien & Co") is None


def test_is_selected_reads_booleans_and_choices():
    """A bare key needs a true answer; ``=value`` that value, ``!=value`` another."""
    answers = {"use_x": True, "use_y": False, "ci": "gitlab"}
    assert post.is_selected("use_x", answers)
    assert not post.is_selected("use_y", answers)
    assert post.is_selected("ci=gitlab", answers)
    assert not post.is_selected("ci=github", answers)
    assert post.is_selected("ci!=none", answers)
    assert not post.is_selected("ci!=gitlab", answers)


def test_is_selected_reads_derived_answers():
    """A derived answer ("__needs_redis") is selected when it is "yes"."""
    assert post.is_selected("__needs_redis", {"__needs_redis": "yes"})
    assert not post.is_selected("__needs_redis", {"__needs_redis": ""})


def test_select_variants_keeps_the_selected_version(tmp_path):
    """ "name+variant" replaces "name" when its option is selected, else goes."""
    notes = tmp_path / "notes"
    notes.mkdir()
    for name in ("models.py", "models+accounts.py", "access.py", "settings+mysql.py"):
        (notes / name).write_text(name)
    post.select_variants(tmp_path, {"use_jwt": True, "database": "sqlite"})
    assert sorted(path.name for path in notes.iterdir()) == ["access.py", "models.py"]
    assert (notes / "models.py").read_text() == "models+accounts.py"


def test_is_selected_reads_conjunctions():
    """``a&b`` needs both; ``&`` binds tighter than ``|``."""
    answers = {"use_x": True, "use_y": False, "ci": "gitlab"}
    assert post.is_selected("use_x&ci=gitlab", answers)
    assert not post.is_selected("use_x&use_y", answers)
    assert post.is_selected("use_x&use_y|ci=gitlab", answers)


def test_jwt_without_a_database_is_refused_naming_both():
    """Accounts need somewhere to live: one sentence names both answers."""
    answers = {**GOOD_ANSWERS, "database": "none"}
    [error] = pre.answer_errors(answers, CHOICES)
    assert "use_jwt" in error
    assert "database is 'none'" in error
    assert pre.answer_errors({**answers, "use_jwt": False}, CHOICES) == []


def test_jobs_without_a_database_are_refused_naming_both():
    """Exports are rows in the database: one sentence names both answers."""
    answers = {**GOOD_ANSWERS, "database": "none", "use_jwt": False}
    answers["use_celery"] = True
    [error] = pre.answer_errors(answers, CHOICES)
    assert "use_celery" in error
    assert "database is 'none'" in error


def test_derived_answers_a_replay_file_left_behind_are_refused():
    """A replay file edited to turn Socket.IO on, but not its derived answer."""
    answers = {
        **GOOD_ANSWERS,
        "use_socketio": True,
        "__has_database": "yes",
        "__needs_redis": "",
        "_repo_dir": str(TEMPLATE),
    }
    [error] = pre.stale_derived_answers(answers)
    assert error.startswith("__needs_redis is '' but the other answers make it 'yes'")
    assert not pre.stale_derived_answers(answers | {"__needs_redis": "yes"})


def test_is_selected_reads_alternatives():
    """``a|b`` is selected when either alternative is."""
    answers = {"use_x": False, "use_y": True, "ci": "gitlab"}
    assert post.is_selected("use_x|use_y", answers)
    assert post.is_selected("use_x|ci=gitlab", answers)
    assert not post.is_selected("use_x|ci=github", answers)


def test_unselected_paths_fill_in_the_package():
    """Paths of unselected options are listed, with the package name filled in."""
    table = {"use_x": ["{package}/x.py", "tests/test_x.py"], "ci=github": [".github"]}
    answers = {"package_name": "shop", "use_x": False, "ci": "github"}
    assert post.unselected_paths(answers, table) == ["shop/x.py", "tests/test_x.py"]


def test_a_path_shared_by_options_stays_while_one_is_selected():
    """A path listed under several options is kept if any of them is selected."""
    table = {"use_x": ["shared.py", "x.py"], "use_y": ["shared.py"]}
    answers = {"package_name": "shop", "use_x": False, "use_y": True}
    assert post.unselected_paths(answers, table) == ["x.py"]
    answers["use_y"] = False
    assert post.unselected_paths(answers, table) == ["shared.py", "x.py"]


def test_remove_paths_prunes_the_folders_it_empties(tmp_path):
    """Files and folders go, folders they leave empty go, the rest stays."""
    (tmp_path / "pkg" / "feature").mkdir(parents=True)
    (tmp_path / "pkg" / "feature" / "a.py").write_text("")
    (tmp_path / "pkg" / "keep.py").write_text("")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_feature.py").write_text("")
    (tmp_path / ".git" / "refs" / "tags").mkdir(parents=True)
    post.remove_paths(tmp_path, ["pkg/feature", "tests/test_feature.py", "never/was"])
    remaining = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
    assert remaining == [".git", ".git/refs", ".git/refs/tags", "pkg", "pkg/keep.py"]


@pytest.mark.parametrize("license_id", ["MIT", "Apache-2.0"])
def test_select_license_keeps_the_chosen_text(tmp_path, license_id):
    """The chosen text becomes LICENSE and the others are removed."""
    (tmp_path / "LICENSES").mkdir()
    for name in ("MIT", "Apache-2.0"):
        (tmp_path / "LICENSES" / name).write_text(f"{name} text")
    post.select_license(tmp_path, license_id)
    assert (tmp_path / "LICENSE").read_text() == f"{license_id} text"
    assert not (tmp_path / "LICENSES").exists()


def test_proprietary_keeps_no_license_file(tmp_path):
    """Proprietary projects get no LICENSE file."""
    (tmp_path / "LICENSES").mkdir()
    (tmp_path / "LICENSES" / "MIT").write_text("MIT text")
    post.select_license(tmp_path, "Proprietary")
    assert list(tmp_path.iterdir()) == []


def test_write_answers_leaves_out_private_keys(tmp_path):
    """The record is a replay file without cookiecutter's private keys, but
    with the derived answers a replay does not compute again."""
    derived = {"__needs_redis": "", "__has_database": "yes"}
    answers = {
        **GOOD_ANSWERS,
        **derived,
        "_template": "/home/me/flask-starter",
        "_output_dir": "/tmp",
    }
    post.write_answers(tmp_path, answers)
    record = json.loads((tmp_path / ".cookiecutter.json").read_text())
    assert record == {"cookiecutter": GOOD_ANSWERS | derived}


EXAMPLE = """# A comment, and a setting with its default.
# LOG_LEVEL=INFO
SECRET_KEY=
TRUSTED_PROXIES=0

JWT_SECRET_KEY=
"""


def test_write_env_creates_private_secrets_once(tmp_path):
    """.env gets a fresh 64-hex-digit secret for each one .env.example asks for."""
    (tmp_path / ".env.example").write_text(EXAMPLE)
    post.write_env(tmp_path)
    env = tmp_path / ".env"
    lines = dict(
        line.split("=", 1) for line in env.read_text().splitlines() if "=" in line
    )
    assert list(lines) == ["SECRET_KEY", "JWT_SECRET_KEY"]
    assert lines["SECRET_KEY"] != lines["JWT_SECRET_KEY"]
    for secret in lines.values():
        assert len(secret) == 64
        int(secret, 16)
    assert stat.S_IMODE(env.stat().st_mode) == 0o600


def test_write_env_keeps_an_existing_file(tmp_path):
    """Running the hook again, as an update does, keeps the secrets."""
    env = tmp_path / ".env"
    env.write_text("SECRET_KEY=mine\n")
    (tmp_path / ".env.example").write_text(EXAMPLE)
    post.write_env(tmp_path)
    assert env.read_text() == "SECRET_KEY=mine\n"


README = """# App

## Quick start

Some words.

### Run it

```sh
run --this
```

Then open it.

### Test it

```sh
test --that
```

## Development

### Lint it

```sh
lint --too
```
"""


def test_quick_start_reads_each_command_of_the_readme_section(tmp_path):
    """Each heading of "Quick start" comes with its command; other sections' do not."""
    (tmp_path / "README.md").write_text(README)
    assert post.quick_start(tmp_path) == [
        ("Run it", "run --this"),
        ("Test it", "test --that"),
    ]


def test_announce_prints_the_path_and_the_commands(tmp_path, capsys):
    """The bake's last words: where the project is, and its two commands."""
    (tmp_path / "README.md").write_text(README)
    post.announce(tmp_path)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"Created {tmp_path}"
    assert lines[-2:] == ["  Run it: run --this", "  Test it: test --that"]
    assert len(lines) == 4
