"""The connection pool to a database server; every wait is bounded."""

from sqlalchemy import Engine

from ..core.settings import Settings, WholeNumber


class PoolSettings(Settings):
    """How many connections to keep, and how long to wait for one."""

    database_pool_size: WholeNumber = 5
    database_max_overflow: WholeNumber = 10
    database_pool_timeout: WholeNumber = 10
    database_pool_recycle: WholeNumber = 1800
    database_connect_timeout: WholeNumber = 3

    def engine_options(self) -> dict[str, object]:
        """SQLAlchemy's engine options for these settings."""
        return {
            # Replace connections the server closed while they sat in the pool.
            "pool_pre_ping": True,
            "pool_recycle": self.database_pool_recycle,
            "pool_size": self.database_pool_size,
            "max_overflow": self.database_max_overflow,
            "pool_timeout": self.database_pool_timeout,
            "connect_args": {"connect_timeout": self.database_connect_timeout},
        }

    def prepare(self, engine: Engine) -> None:
        """Server databases need nothing set on each connection."""
