"""The PostgreSQL server the app uses, and connections that never wait on it for long."""

from collections.abc import Callable
from typing import Any

import psycopg
from psycopg.abc import PQGen
from psycopg.errors import _WaitTimeout
from psycopg.rows import TupleRow
from sqlalchemy import Engine, make_url
from sqlalchemy.event import listen

from .pool import PoolSettings

DATABASE_NAME = "{{ cookiecutter.package_name }}"
DEFAULT_DATABASE_URL = f"postgresql+psycopg://postgres@127.0.0.1/{DATABASE_NAME}"
TEST_DATABASE_URL = f"{DEFAULT_DATABASE_URL}_test"

# Seconds the client waits past the server's statement_timeout, so that a
# live server cancels a slow statement itself and the connection stays usable.
CANCEL_MARGIN = 0.5


class DatabaseSettings(PoolSettings):
    """DATABASE_URL, the pool settings, and how long to wait for an answer."""

    database_url: str = DEFAULT_DATABASE_URL

    def engine_options(self) -> dict[str, object]:
        """The pool's options, with statements and the network bounded too."""
        options = super().engine_options()
        budget = self.database_connect_timeout
        connect_args: dict[str, object] = {
            "connect_timeout": budget,
            # Against a host that died or a network that dropped: unanswered
            # data or keepalives close the connection within the budget.
            # (A frozen server's kernel still answers both; answer_timeout
            # below covers that.)
            "keepalives": 1,
            "keepalives_idle": budget,
            "keepalives_interval": 1,
            "keepalives_count": budget,
            "tcp_user_timeout": budget * 1000,
        }
        if self.read_timeout:
            milliseconds = self.read_timeout * 1000
            # Options DATABASE_URL gives come after, so they keep the last word.
            given = make_url(self.database_url).query.get("options", "")
            server = f"-c statement_timeout={milliseconds} {given}"
            connect_args["options"] = server.rstrip()
        options["connect_args"] = connect_args
        return options

    def prepare(self, engine: Engine) -> None:
        """Connect with BoundedConnection, and check connections before use."""
        read_timeout = self.read_timeout
        answer_timeout = read_timeout + CANCEL_MARGIN if read_timeout else None
        listen(engine, "do_connect", bounded_connect(answer_timeout))
        super().prepare(engine)


class BoundedConnection(psycopg.Connection[TupleRow]):
    """A psycopg connection that waits at most ``answer_timeout`` seconds for
    each answer, then closes itself.

    psycopg has no timeout of its own for queries, and a frozen server keeps
    the connection open. Closed, the connection is one that SQLAlchemy
    recognises as lost: it answers the request with an error and replaces
    the connection.
    """

    answer_timeout: float | None = None

    def wait(
        self, gen: PQGen[Any], interval: float = 0.1, timeout: float | None = None
    ) -> Any:
        """Run one exchange with the server, within ``answer_timeout``."""
        if timeout is not None or self.answer_timeout is None:
            return super().wait(gen, interval, timeout)
        try:
            return super().wait(gen, interval, self.answer_timeout)
        except _WaitTimeout:
            # Cut off halfway through an exchange, the connection is unusable.
            self.close()
            raise psycopg.OperationalError(
                f"the database server did not answer within {self.answer_timeout:g} s"
            ) from None

    def answers_within(self, seconds: float) -> bool:
        """Whether the server answers an empty statement within ``seconds``."""
        answer_timeout, self.answer_timeout = self.answer_timeout, seconds
        try:
            self.execute(";")
        except psycopg.Error:
            return False
        finally:
            self.answer_timeout = answer_timeout
        return True


def bounded_connect(answer_timeout: float | None) -> Callable[..., BoundedConnection]:
    """SQLAlchemy's do_connect hook, opening BoundedConnections."""

    def connect(
        dialect: object, record: object, cargs: list[Any], cparams: dict[str, Any]
    ) -> BoundedConnection:
        connection = BoundedConnection.connect(*cargs, **cparams)
        connection.answer_timeout = answer_timeout
        return connection

    return connect
