"""The connection pool to a database server; every wait is bounded.

The budget: a request waits for an unresponsive server (down, unreachable or
frozen) about DATABASE_CONNECT_TIMEOUT + PING_TIMEOUT seconds at most, and a
query for its answer DATABASE_READ_TIMEOUT seconds, by default the same.
"""

from typing import Protocol

from sqlalchemy import Engine
from sqlalchemy.event import listen
from sqlalchemy.exc import InvalidatePoolError
from sqlalchemy.pool import ConnectionPoolEntry, PoolProxiedConnection

from ..core.settings import Settings, WholeNumber

# Seconds a pooled connection has to answer the check made before each use.
# One that does not is replaced by a new connection, which is given
# DATABASE_CONNECT_TIMEOUT: a check must not eat up the budget by itself.
PING_TIMEOUT = 1.0


class PoolSettings(Settings):
    """How many connections to keep, and how long to wait for one and for answers."""

    database_pool_size: WholeNumber = 5
    database_max_overflow: WholeNumber = 10
    database_pool_timeout: WholeNumber = 10
    database_pool_recycle: WholeNumber = 1800
    database_connect_timeout: WholeNumber = 3
    database_read_timeout: WholeNumber | None = None

    @property
    def read_timeout(self) -> int | None:
        """Seconds a query waits for its answer, None for no limit (0).

        DATABASE_READ_TIMEOUT, or else DATABASE_CONNECT_TIMEOUT, so that a
        frozen server costs a request no more than one that is down.
        """
        if self.database_read_timeout is None:
            return self.database_connect_timeout or None
        return self.database_read_timeout or None

    def engine_options(self) -> dict[str, object]:
        """SQLAlchemy's engine options for these settings."""
        return {
            # SQLAlchemy's pre-ping would wait as long as any query; the
            # check added in prepare() gives up within PING_TIMEOUT.
            "pool_pre_ping": False,
            "pool_recycle": self.database_pool_recycle,
            "pool_size": self.database_pool_size,
            "max_overflow": self.database_max_overflow,
            "pool_timeout": self.database_pool_timeout,
            "connect_args": {"connect_timeout": self.database_connect_timeout},
        }

    def prepare(self, engine: Engine) -> None:
        """Check each connection the pool hands out."""
        listen(engine, "checkout", check_before_use)


class Pingable(Protocol):
    """A driver's connection that can be asked for a bounded ping."""

    def answers_within(self, seconds: float) -> bool:
        """Whether the server answers a ping within ``seconds``."""
        ...


def check_before_use(
    connection: Pingable, record: ConnectionPoolEntry, proxy: PoolProxiedConnection
) -> None:
    """Replace a connection whose server no longer answers before a request uses it.

    Every connection as old as this one is discarded too, as SQLAlchemy's
    pre-ping does, so that requests behind this one do not each wait for a
    check of their own. The pool then connects afresh, once.
    """
    if not connection.answers_within(PING_TIMEOUT):
        raise InvalidatePoolError(
            f"the database server did not answer a ping within {PING_TIMEOUT:g} s"
        )
