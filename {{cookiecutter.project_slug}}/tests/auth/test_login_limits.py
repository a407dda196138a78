"""Brute-force protection: repeated failed logins end in 429 with Retry-After."""

from datetime import UTC, datetime, timedelta

import pytest

from {{ cookiecutter.package_name }}.auth.models import LoginAttempt
from {{ cookiecutter.package_name }}.database.models import db

PASSWORD = "the right password"


@pytest.fixture
def account(make_user) -> str:
    """The e-mail of an account whose password is PASSWORD."""
    make_user("ada@example.com", password=PASSWORD)
    return "ada@example.com"


def login(client, email: str, password: str = "a wrong password", client_ip=None):
    """Try to log in, from ``client_ip`` if given."""
    environ = {"REMOTE_ADDR": client_ip} if client_ip else {}
    return client.post(
        "/api/auth/login",
        json={"email": email, "password": password},
        environ_base=environ,
    )


def fail(client, email: str, times: int) -> None:
    """Fail to log in ``times`` times, each answered 401."""
    for _ in range(times):
        assert login(client, email).status_code == 401


def test_the_sixth_failure_in_a_minute_gets_429(client, account):
    """After five failures, even the right password gets 429 with Retry-After."""
    fail(client, account, 5)
    response = login(client, account, PASSWORD)
    assert response.status_code == 429
    assert response.json["error"]["status"] == 429
    assert 1 <= int(response.headers["Retry-After"]) <= 60


def test_unknown_emails_are_limited_too(client):
    """Guessing at addresses without accounts is limited the same way."""
    fail(client, "nobody@example.com", 5)
    assert login(client, "nobody@example.com").status_code == 429


def test_the_limit_is_per_client_and_email(client, account):
    """Another address, or another client, is not held back by these failures."""
    fail(client, account, 5)
    assert login(client, "someone@example.com").status_code == 401
    assert login(client, account, PASSWORD, client_ip="192.0.2.7").status_code == 200


def test_the_email_is_counted_however_it_is_written(client, account):
    """Changing the case of the address does not start a new count."""
    fail(client, account, 5)
    assert login(client, account.upper()).status_code == 429


def test_a_successful_login_starts_the_count_afresh(client, account):
    """Failures before a success no longer count."""
    fail(client, account, 4)
    assert login(client, account, PASSWORD).status_code == 200
    fail(client, account, 4)


def test_limit_and_window_come_from_the_configuration(
    app, client, account, time_machine
):
    """LOGIN_RATE_LIMIT failures per LOGIN_RATE_WINDOW seconds; old ones expire."""
    # A standing clock makes Retry-After exact: the window, to the second.
    time_machine.move_to(datetime.now(UTC).replace(microsecond=0), tick=False)
    app.config.update(LOGIN_RATE_LIMIT=2, LOGIN_RATE_WINDOW=30)
    fail(client, account, 2)
    response = login(client, account)
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "30"
    time_machine.shift(timedelta(seconds=29))
    assert login(client, account, PASSWORD).status_code == 429
    time_machine.shift(timedelta(seconds=1))
    assert login(client, account, PASSWORD).status_code == 200


def test_failures_that_no_longer_count_are_deleted(app, client, account, time_machine):
    """Recording a failure drops those older than the window, from any client."""
    time_machine.move_to(datetime.now(UTC).replace(microsecond=0), tick=False)
    app.config.update(LOGIN_RATE_WINDOW=60, LOGIN_CLIENT_RATE_WINDOW=60)
    fail(client, account, 2)
    time_machine.shift(timedelta(seconds=60))
    fail(client, "someone@example.com", 1)
    with app.app_context():
        # This failure's two attempts: per client and e-mail, and per client.
        assert len(db.session.scalars(db.select(LoginAttempt)).all()) == 2


def test_one_client_trying_many_emails_is_limited(app, client):
    """LOGIN_CLIENT_RATE_LIMIT failures from one address, whatever the e-mails,
    then 429 for any e-mail; another client is not held back."""
    limit = app.config["LOGIN_CLIENT_RATE_LIMIT"]
    for number in range(limit):
        assert login(client, f"user{number}@example.com").status_code == 401
    response = login(client, "yet-another@example.com")
    assert response.status_code == 429
    assert (
        1
        <= int(response.headers["Retry-After"])
        <= app.config["LOGIN_CLIENT_RATE_WINDOW"]
    )
    assert login(client, "user0@example.com", client_ip="192.0.2.7").status_code == 401


def test_forty_emails_from_one_client_meet_a_429(client):
    """With the default limits, 40 failed logins against 40 addresses from one
    client do not all get through."""
    answers = [
        login(client, f"spray{number}@example.com").status_code for number in range(40)
    ]
    assert 429 in answers
    assert set(answers) == {401, 429}


def test_successful_logins_do_not_count_against_the_client(app, client, account):
    """Only failures count per client: a client that logs in often is not held."""
    app.config.update(LOGIN_CLIENT_RATE_LIMIT=2)
    for _ in range(4):
        assert login(client, account, PASSWORD).status_code == 200
    fail(client, "nobody@example.com", 2)
    assert login(client, account, PASSWORD).status_code == 429
