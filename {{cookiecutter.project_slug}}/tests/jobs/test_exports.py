"""Exports: queued with 202, built by a job (run eagerly here), fetched by id."""

import ssl
from datetime import timedelta

import pytest
from celery.exceptions import SoftTimeLimitExceeded, TimeLimitExceeded
from sqlalchemy import select, update
from sqlalchemy.exc import OperationalError

from {{ cookiecutter.package_name }}.core.settings import ConfigError
from {{ cookiecutter.package_name }}.database.models import MAX_ID, db, utcnow
from {{ cookiecutter.package_name }}.jobs import exports, tasks
from {{ cookiecutter.package_name }}.jobs.models import Export
from {{ cookiecutter.package_name }}.jobs.tasks import clean_up

from ..redis_store.test_redis import closed_port_url

NOTE_FIELDS = ["id", "title", "body", "created_at", "updated_at"]


def add_notes(client, *titles):
    """Create notes through the API, in this order."""
    for title in titles:
        assert client.post("/api/notes", json={"title": title}).status_code == 201


def test_an_export_is_queued_then_holds_the_notes(api_client):
    """POST answers 202, pending, with its URL; the job copies the notes."""
    add_notes(api_client, "first", "second")
    response = api_client.post("/api/exports")
    assert response.status_code == 202
    assert response.json["status"] == "pending"
    assert response.json["notes"] is None
    location = response.headers["Location"]
    assert location == f"/api/exports/{response.json['id']}"
    export = api_client.get(location).json
    assert export["status"] == "done"
    assert export["message"] is None
    assert export["finished_at"] is not None
    assert [note["title"] for note in export["notes"]] == ["first", "second"]
    assert set(export["notes"][0]) == set(NOTE_FIELDS)


@pytest.mark.parametrize("export_id", [404, MAX_ID, MAX_ID + 1])
def test_an_unknown_export_is_404(api_client, export_id):
    """An id that names no export is a JSON 404, however large."""
    response = api_client.get(f"/api/exports/{export_id}")
    assert response.status_code == 404
    assert response.json["error"]["message"] == f"There is no export {export_id}."


def test_a_job_that_fails_ends_the_export_failed(api_client, monkeypatch, caplog):
    """An error in the job fails the export with a message, logged, never a 500."""

    def broken(export):
        raise RuntimeError("the notes table is on fire")

    monkeypatch.setattr(exports, "exported_notes", broken)
    response = api_client.post("/api/exports")
    assert response.status_code == 202
    export = api_client.get(response.headers["Location"]).json
    assert export["status"] == "failed"
    assert export["message"] == exports.FAILED
    assert export["notes"] is None
    assert "the notes table is on fire" in caplog.text


def test_a_job_past_its_soft_time_limit_fails_cleanly(api_client, monkeypatch):
    """The soft limit ends the export as failed, saying it took too long."""

    def slow(export):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(exports, "exported_notes", slow)
    response = api_client.post("/api/exports")
    export = api_client.get(response.headers["Location"]).json
    assert (export["status"], export["message"]) == ("failed", exports.TOO_SLOW)


def test_a_job_whose_database_stays_down_fails_after_its_retries(
    api_client, monkeypatch
):
    """A run that meets a database error is retried, up to MAX_ATTEMPTS runs
    in all; then the export fails."""
    tries = []

    def unreachable(export):
        tries.append(export.id)
        raise OperationalError("SELECT", {}, ConnectionError("gone"))

    monkeypatch.setattr(exports, "exported_notes", unreachable)
    response = api_client.post("/api/exports")
    export = api_client.get(response.headers["Location"]).json
    assert (export["status"], export["message"]) == ("failed", exports.FAILED)
    assert tries == [export["id"]] * exports.MAX_ATTEMPTS


def test_a_job_past_its_hard_time_limit_fails_its_export(app, api_client, monkeypatch):
    """The worker's main process reports the killed job; the export then fails."""
    monkeypatch.setattr(tasks, "build", lambda export_id: None)
    response = api_client.post("/api/exports")
    assert api_client.get(response.headers["Location"]).json["status"] == "pending"
    with app.app_context():
        arguments = (response.json["id"],)
        tasks.build_export.on_failure(TimeLimitExceeded(90), "job", arguments, {}, None)
    export = api_client.get(response.headers["Location"]).json
    assert (export["status"], export["message"]) == ("failed", exports.TOO_SLOW)


def test_a_job_that_keeps_dying_fails_its_export(app, api_client, monkeypatch):
    """Each run is counted before it starts; past MAX_ATTEMPTS the export fails,
    so a job that kills its process every time is not delivered for ever."""
    monkeypatch.setattr(tasks, "build", lambda export_id: None)
    export_id = api_client.post("/api/exports").json["id"]
    with app.app_context():
        db.session.execute(
            update(Export)
            .where(Export.id == export_id)
            .values(attempts=exports.MAX_ATTEMPTS)
        )
        db.session.commit()
        exports.build(export_id)
    export = api_client.get(f"/api/exports/{export_id}").json
    assert (export["status"], export["message"]) == ("failed", exports.FAILED)


def test_running_a_job_again_changes_nothing(app, api_client):
    """A job delivered twice (its first worker died) leaves the export as it was."""
    add_notes(api_client, "kept")
    location = api_client.post("/api/exports").headers["Location"]
    before = api_client.get(location).json
    add_notes(api_client, "added later")
    with app.app_context():
        exports.build(before["id"])
    assert api_client.get(location).json == before


def test_a_down_queue_is_a_503_and_leaves_no_export(app, api_client):
    """Without a broker the request fails fast with 503 and keeps no pending export."""
    app.extensions["celery"].conf.update(
        task_always_eager=False, broker_url=closed_port_url()
    )
    response = api_client.post("/api/exports")
    assert response.status_code == 503
    assert response.json["error"]["message"] == (
        "The job queue is unavailable; try again shortly."
    )
    with app.app_context():
        assert db.session.query(Export).count() == 0


def test_readyz_reports_the_broker(make_app):
    """/readyz names the broker: ok when it answers, unavailable when not."""
    assert make_app().test_client().get("/readyz").json["checks"]["broker"] == "ok"
    down = make_app(CELERY_BROKER_URL=closed_port_url()).test_client().get("/readyz")
    assert down.status_code == 503
    assert down.json["checks"]["broker"] == "unavailable"


def test_old_exports_are_cleaned_up(app, api_client):
    """The periodic cleanup deletes exports past EXPORT_RETENTION_DAYS."""
    old = api_client.post("/api/exports").json["id"]
    new = api_client.post("/api/exports").json["id"]
    with app.app_context():
        eight_days_ago = utcnow() - timedelta(days=8)
        db.session.execute(
            update(Export).where(Export.id == old).values(created_at=eight_days_ago)
        )
        db.session.commit()
        deleted = clean_up.delay().get()
        assert deleted["forget_old_exports"] == 1
        assert db.session.scalars(select(Export.id)).all() == [new]


def test_beat_runs_the_cleanup_every_interval(make_app):
    """Beat's schedule names the cleanup task, every CLEANUP_INTERVAL seconds."""
    celery = make_app(CLEANUP_INTERVAL="600").extensions["celery"]
    schedule = celery.conf.beat_schedule["clean-up"]
    assert schedule["task"] in celery.tasks
    assert schedule["schedule"] == 600


def test_the_hard_time_limit_must_exceed_the_soft_one(make_app):
    """A hard limit at or below the soft one is refused, naming both."""
    with pytest.raises(ConfigError, match="CELERY_TASK_TIME_LIMIT must be more"):
        make_app(CELERY_TASK_SOFT_TIME_LIMIT="60", CELERY_TASK_TIME_LIMIT="60")


def test_time_limits_come_from_the_settings(make_app):
    """CELERY_TASK_SOFT_TIME_LIMIT and CELERY_TASK_TIME_LIMIT reach Celery."""
    app = make_app(CELERY_TASK_SOFT_TIME_LIMIT="5", CELERY_TASK_TIME_LIMIT="9")
    conf = app.extensions["celery"].conf
    assert (conf.task_soft_time_limit, conf.task_time_limit) == (5, 9)
    assert conf.task_acks_late and conf.task_reject_on_worker_lost


@pytest.mark.parametrize(
    ("name", "url", "problem"),
    [
        ("CELERY_BROKER_URL", "rabbitmq://localhost", "the URL of a broker Celery"),
        ("CELERY_RESULT_BACKEND", "amqp://localhost", "the URL of a result backend"),
    ],
)
def test_a_url_celery_cannot_use_is_refused_at_startup(make_app, name, url, problem):
    """A mistyped broker or backend stops the app, naming the variable."""
    with pytest.raises(ConfigError, match=f"{name} must be {problem}"):
        make_app(**{name: url})


def test_a_redis_over_tls_checks_the_servers_certificate(make_app):
    """rediss:// URLs get TLS that verifies the server, for jobs and results."""
    celery = make_app(REDIS_URL="rediss://redis.example.com:6380/0").extensions[
        "celery"
    ]
    verified = {"ssl_cert_reqs": ssl.CERT_REQUIRED}
    assert celery.conf.broker_use_ssl == verified
    assert celery.conf.redis_backend_use_ssl == verified
    assert celery.backend.connparams["ssl_cert_reqs"] == ssl.CERT_REQUIRED
