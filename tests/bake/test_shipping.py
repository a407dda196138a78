"""Each bake's Docker, compose and CI files match their schemas, the services
the answers need, and the README."""

import re
import shutil
import sys
from pathlib import Path

import pytest
import yaml

from conftest import clean_env, readme_command, run, schema_errors
from matrix import (
    BAKE_TIER_SETS,
    TEMPLATE,
    combination_id,
    has_database,
    needs_redis,
)

TOOLS = Path(sys.executable).parent
# The image each backing service runs, in compose and in CI.
IMAGES = {"postgresql": "postgres:17", "mysql": "mysql:8.4", "redis": "redis:7"}
SERVER_DATABASES = {"postgresql", "mysql"}
DOCKER_SETS = [answers for answers in BAKE_TIER_SETS if answers["use_docker"]]


@pytest.fixture(scope="module", params=DOCKER_SETS, ids=combination_id)
def docker(request, bake) -> tuple[dict, Path]:
    """A bake-tier answer set with use_docker, and its bake."""
    return request.param, bake(**request.param)


def test_compose_files_match_the_compose_specification(every_bake):
    """Every compose file passes the Compose specification's schema."""
    files = [
        path / "docker-compose.yml"
        for answers, path in every_bake
        if answers["use_docker"]
    ]
    assert files
    assert schema_errors("vendor.compose-spec", files) == {}


@pytest.mark.parametrize(
    ("ci", "path", "schema"),
    [
        ("github", ".github/workflows/ci.yml", "vendor.github-workflows"),
        ("gitlab", ".gitlab-ci.yml", "vendor.gitlab-ci"),
    ],
)
def test_ci_files_match_their_schemas(every_bake, ci, path, schema):
    """Every GitHub workflow and GitLab pipeline passes its JSON schema."""
    files = [project / path for answers, project in every_bake if answers["ci"] == ci]
    assert files
    assert schema_errors(schema, files) == {}


def test_docker_files_exist_only_with_docker(baked):
    """use_docker brings the Dockerfile, compose file, entrypoint and nginx example."""
    answers, project = baked
    names = [
        ".dockerignore",
        "Dockerfile",
        "docker-compose.yml",
        "docker-entrypoint.sh",
        "deploy/nginx.conf",
    ]
    for name in names:
        assert (project / name).is_file() is answers["use_docker"], name


def test_dockerfile_passes_hadolint(docker):
    """hadolint reports nothing, not even at the info level."""
    _, project = docker
    command = [str(TOOLS / "hadolint"), "--failure-threshold", "info", "Dockerfile"]
    result = run(command, project)
    assert result.returncode == 0, result.stdout + result.stderr


def test_dockerfile_builds_a_small_non_root_image(docker):
    """Two stages on the chosen Python; the final one runs gunicorn as a non-root user."""
    answers, project = docker
    dockerfile = (project / "Dockerfile").read_text()
    assert f"ARG PYTHON_VERSION={answers['python_version']}\n" in dockerfile
    stages = re.findall(r"^FROM (\S+)", dockerfile, re.MULTILINE)
    assert stages == ["python:${PYTHON_VERSION}-slim"] * 2
    final = dockerfile.split("\nFROM ")[-1]
    assert "COPY --from=build /opt/venv /opt/venv" in final
    assert "[dev]" not in dockerfile
    assert not re.search(r"apt-get|build-essential|gcc", final)
    assert re.search(r"^USER 10001$", final, re.MULTILINE)
    assert "/healthz" in final.split("HEALTHCHECK", 1)[1]
    assert "GUNICORN_BIND=0.0.0.0:8000" in final
    assert final.rstrip().endswith(
        'CMD ["gunicorn", "--config", "gunicorn.conf.py", "wsgi:app"]'
    )
    assert ".env" in (project / ".dockerignore").read_text().split()


def test_entrypoint_waits_migrates_and_execs(docker):
    """The entrypoint waits for backends, migrates when there is a database, then execs."""
    answers, project = docker
    entrypoint = project / "docker-entrypoint.sh"
    assert entrypoint.stat().st_mode & 0o111
    lines = [
        line
        for line in entrypoint.read_text().splitlines()
        if line and not line.startswith("#")
    ]
    steps = ["set -eu", 'flask check-ready --wait "${READY_TIMEOUT:-60}"']
    if has_database(answers):
        steps.append("flask db upgrade")
    assert lines == [*steps, 'exec "$@"']
    result = run(["sh", "-n", str(entrypoint)], project)
    assert result.returncode == 0, result.stderr


def test_compose_file_is_valid_and_runs_exactly_the_needed_services(docker):
    """The compose file runs exactly the services the answers need, healthy first."""
    answers, project = docker
    compose = yaml.safe_load((project / "docker-compose.yml").read_text())
    services = compose["services"]
    backing = {"db"} if answers["database"] in SERVER_DATABASES else set()
    if needs_redis(answers):
        backing.add("redis")
        assert services["web"]["environment"]["REDIS_URL"] == "redis://redis:6379/0"
    jobs = {"worker", "beat"} if answers["use_celery"] else set()
    realtime = {"realtime"} if answers["use_socketio"] else set()
    mail = {"mailpit"} if answers["use_email"] else set()
    assert set(services) == {"web"} | backing | jobs | realtime | mail
    if mail:
        # Development only: `docker compose up` leaves it out.
        mailpit = services["mailpit"]
        assert mailpit["profiles"] == ["mail"]
        assert mailpit["image"].startswith("axllent/mailpit:")
        assert mailpit["ports"] == ["127.0.0.1:1025:1025", "127.0.0.1:8025:8025"]
        assert all("mailpit" not in s.get("depends_on", {}) for s in services.values())
    assert {services[name]["image"] for name in backing} == needed_images(answers)
    web = services["web"]
    assert web["env_file"] == ".env"
    healthy = {name: {"condition": "service_healthy"} for name in backing}
    assert web.get("depends_on", {}) == healthy
    for name in jobs:
        # Celery's worker and beat: the same image and settings as the web
        # app, started once it has migrated the database.
        service = services[name]
        assert service["command"][:4] == ["celery", "-A", "wsgi:celery", name]
        assert service["build"] == web["build"]
        assert service["env_file"] == ".env"
        data = web.get("volumes", [])
        if name == "beat":
            data = [*data, "beat-data:/var/lib/beat"]
        assert service.get("volumes", []) == data
        environment = dict(web["environment"])
        del environment["TRUSTED_PROXIES"]
        assert service["environment"] == environment
        assert service["depends_on"] == healthy | {
            "web": {"condition": "service_healthy"}
        }
    if realtime:
        # The realtime server: the same image, settings and data as the web
        # app, on its own port, started once the web app has migrated.
        service = services["realtime"]
        assert service["command"] == [
            "gunicorn", "--config", "realtime.conf.py", "wsgi:app"
        ]  # fmt: skip
        assert (service["build"], service["env_file"]) == (web["build"], ".env")
        assert service.get("volumes", []) == web.get("volumes", [])
        assert service["ports"] == ["127.0.0.1:8001:8001"]
        assert "8001" in service["healthcheck"]["test"][-1]
        assert service["depends_on"] == healthy | {
            "web": {"condition": "service_healthy"}
        }
    if jobs:
        # A warm shutdown lets a job run to its hard time limit, 90 s.
        assert services["worker"]["stop_grace_period"] == "100s"
    for name in backing:
        assert services[name]["healthcheck"]["test"]
    volumes = set(compose.get("volumes", {}))
    mounted = {
        mount.split(":", 1)[0]
        for service in services.values()
        for mount in service.get("volumes", [])
    }
    assert mounted == volumes
    assert bool(volumes) is (has_database(answers) or "redis" in backing)


def test_compose_secrets_come_from_the_generated_env(docker):
    """Every variable the compose file requires is in the .env the hook wrote."""
    _, project = docker
    required = set(
        re.findall(r"\$\{(\w+):\?", (project / "docker-compose.yml").read_text())
    )
    env = dict(
        line.split("=", 1)
        for line in (project / ".env").read_text().splitlines()
        if "=" in line and not line.startswith("#")
    )
    assert required <= set(env)
    assert all(len(env[name]) == 64 for name in required)


def test_env_example_holds_every_variable_compose_requires(every_bake):
    """Each variable the compose file reads without a default is in .env.example,
    so that a .env made from it lets `docker compose up` start."""
    seen = set()
    for answers, project in every_bake:
        compose = project / "docker-compose.yml"
        if not compose.exists():
            continue
        # ${NAME}, ${NAME?...} and ${NAME:?...}; $$ is a literal dollar sign.
        text = compose.read_text().replace("$$", "")
        required = set(re.findall(r"\$\{(\w+)(?:\}|:?\?)", text))
        required |= set(re.findall(r"\$(\w+)", text))
        example = (project / ".env.example").read_text()
        listed = set(re.findall(r"^(\w+)=", example, re.MULTILINE))
        assert required <= listed, combination_id(answers)
        seen |= required
    assert seen == {"POSTGRES_PASSWORD", "MYSQL_PASSWORD"}


def test_readme_nginx_example_has_the_timeouts_of_deploy_nginx(every_bake):
    """The README's Socket.IO location waits as long as deploy/nginx.conf's."""
    timeouts = r"(proxy_\w+_timeout) (\w+);"
    checked = 0
    for answers, project in every_bake:
        if answers["use_socketio"] and answers["use_docker"]:
            readme = (project / "README.md").read_text()
            site = (project / "deploy" / "nginx.conf").read_text()
            assert re.findall(timeouts, readme), combination_id(answers)
            assert re.findall(timeouts, readme) == re.findall(timeouts, site)
            checked += 1
    assert checked


def test_readme_tables_are_whole(every_bake):
    """Each table in the README starts with its header row, so that no line
    between two rows splits one table in two."""
    for answers, project in every_bake:
        text = (project / "README.md").read_text()
        prose = re.sub(r"^```.*?^```$", "", text, flags=re.MULTILINE | re.DOTALL)
        tables = re.findall(r"(?:^\|.*\n)+", prose, re.MULTILINE)
        assert tables, combination_id(answers)
        for table in tables:
            rows = table.splitlines()
            where = f"{combination_id(answers)}: {rows[0]}"
            assert len(rows) > 2, where
            assert re.fullmatch(r"(\|---)+\|", rows[1]), where


def test_bake_prints_the_project_and_its_readme_commands(cookiecutter_cli, tmp_path):
    """The bake ends by saying where the project is and how to run and test it,
    in the README's own words."""
    out = tmp_path / "out"
    result = cookiecutter_cli(
        "--no-input", "--output-dir", str(out), str(TEMPLATE), "database=postgresql"
    )
    assert result.returncode == 0, result.stderr
    project = out / "my-flask-app"
    readme = project / "README.md"
    lines = result.stdout.splitlines()
    assert f"Created {project}" in lines
    assert f"  Run it: {readme_command(readme, 'Run it')}" in lines
    assert f"  Test it: {readme_command(readme, 'Test it')}" in lines
    assert "flask db upgrade" in readme_command(readme, "Run it")
    assert len(lines) < 6


def test_ci_runs_the_readme_commands_with_the_chosen_services(baked):
    """The CI file installs the browser tests' Chromium, then runs the README's
    test and lint commands, with the needed services."""
    answers, project = baked
    readme = project / "README.md"
    commands = [readme_command(readme, "Test it"), readme_command(readme, "Lint it")]
    github = project / ".github" / "workflows" / "ci.yml"
    gitlab = project / ".gitlab-ci.yml"
    assert github.exists() is (answers["ci"] == "github")
    assert gitlab.exists() is (answers["ci"] == "gitlab")
    if answers["ci"] == "github":
        job = yaml.safe_load(github.read_text())["jobs"]["test"]
        runs = [step["run"] for step in job["steps"] if "run" in step]
    elif answers["ci"] == "gitlab":
        job = yaml.safe_load(gitlab.read_text())["test"]
        runs = job["script"]
    else:
        return
    browser, *rest = runs
    assert rest == commands
    assert browser.endswith(".venv/bin/playwright install --with-deps chromium")
    variables = job.get("env") or job.get("variables")
    assert variables["REQUIRE_SERVICES"] == "1"
    services = job.get("services", {})
    if answers["ci"] == "github":
        images = [service["image"] for service in services.values()]
    else:
        images = [service["name"] for service in services]
    assert sorted(images) == sorted(needed_images(answers))


def needed_images(answers: dict) -> set[str]:
    """The images of the backing services a bake with these answers runs."""
    needed = {answers["database"]} & SERVER_DATABASES
    if needs_redis(answers):
        needed.add("redis")
    return {IMAGES[name] for name in needed}


def test_env_holds_every_secret_the_project_reads(every_bake):
    """.env has a secret for each empty line of .env.example, and for each
    variable the compose file insists on, and nothing more."""
    for answers, project in every_bake:
        example = (project / ".env.example").read_text()
        asked = re.findall(r"^([A-Z][A-Z0-9_]*)=$", example, re.MULTILINE)
        env = (project / ".env").read_text()
        written = re.findall(r"^([A-Z][A-Z0-9_]*)=[0-9a-f]{64}$", env, re.MULTILINE)
        assert written == asked, combination_id(answers)
        compose = project / "docker-compose.yml"
        if compose.exists():
            required = set(re.findall(r"\$\{([A-Z_]+):\?", compose.read_text()))
            assert required <= set(written), combination_id(answers)


def test_gunicorn_settings_load_where_the_image_puts_them(bake, tmp_path):
    """In the image, gunicorn.conf.py sits apart from the installed package."""
    project = bake()
    workdir = tmp_path / "app"
    workdir.mkdir()
    shutil.copy(project / "gunicorn.conf.py", workdir)
    script = "import runpy; print(runpy.run_path('gunicorn.conf.py')['bind'])"
    env = clean_env(PYTHONPATH=str(project), GUNICORN_BIND="0.0.0.0:8000")
    result = run([sys.executable, "-c", script], workdir, env=env)
    assert result.stdout.strip() == "0.0.0.0:8000", result.stderr
