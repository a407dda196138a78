"""The MySQL or MariaDB server the app uses, through connections that cannot hang."""

from typing import Any

import pymysql  # type: ignore[import-untyped]
from sqlalchemy import Engine
from sqlalchemy.event import listen

from .pool import PoolSettings

DATABASE_NAME = "{{ cookiecutter.package_name }}"
# utf8mb4 is MySQL's name for all of UTF-8; its "utf8" stops at three bytes.
DEFAULT_DATABASE_URL = f"mysql+pymysql://root@127.0.0.1/{DATABASE_NAME}?charset=utf8mb4"
TEST_DATABASE_URL = DEFAULT_DATABASE_URL.replace("?", "_test?")


class DatabaseSettings(PoolSettings):
    """DATABASE_URL, the pool settings, and how long to wait for an answer."""

    database_url: str = DEFAULT_DATABASE_URL

    def engine_options(self) -> dict[str, object]:
        """The pool's options, bounded reads and writes, and READ COMMITTED."""
        options = super().engine_options()
        # PyMySQL's connect timeout ends once TCP connects: without these, a
        # server that accepts connections but never answers hangs requests.
        # They also bound the rest of the connect, the server's greeting
        # and the login, so a new connection takes at most about the
        # connect timeout and the read timeout.
        options["connect_args"] = {
            "connect_timeout": self.database_connect_timeout,
            "read_timeout": self.read_timeout,
            "write_timeout": self.read_timeout,
        }
        # InnoDB's default, REPEATABLE READ, also locks the gaps between rows,
        # so concurrent deletes and inserts deadlock.
        options["isolation_level"] = "READ COMMITTED"
        return options

    def prepare(self, engine: Engine) -> None:
        """Connect with BoundedConnection, and check connections before use."""
        listen(engine, "do_connect", bounded_connect)
        super().prepare(engine)


class BoundedConnection(pymysql.Connection):  # type: ignore[misc]
    """A PyMySQL connection that can be given less time for a ping than for queries."""

    # PyMySQL's own: how long every read, the ping's answer too, may take.
    _read_timeout: float | None

    def answers_within(self, seconds: float) -> bool:
        """Whether the server answers a ping within ``seconds``."""
        read_timeout = self._read_timeout
        self._read_timeout = seconds
        try:
            self.ping(reconnect=False)
        except pymysql.Error:
            return False
        finally:
            self._read_timeout = read_timeout
        return True


def bounded_connect(
    dialect: object, record: object, cargs: list[Any], cparams: dict[str, Any]
) -> BoundedConnection:
    """SQLAlchemy's do_connect hook, opening BoundedConnections."""
    return BoundedConnection(*cargs, **cparams)
