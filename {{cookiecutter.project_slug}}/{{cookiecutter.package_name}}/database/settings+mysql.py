"""The MySQL or MariaDB server the app uses."""

from ..core.settings import WholeNumber
from .pool import PoolSettings

DATABASE_NAME = "{{ cookiecutter.package_name }}"
# utf8mb4 is MySQL's name for all of UTF-8; its "utf8" stops at three bytes.
DEFAULT_DATABASE_URL = f"mysql+pymysql://root@127.0.0.1/{DATABASE_NAME}?charset=utf8mb4"
TEST_DATABASE_URL = DEFAULT_DATABASE_URL.replace("?", "_test?")


class DatabaseSettings(PoolSettings):
    """DATABASE_URL, the pool settings, and how long to wait for an answer."""

    database_url: str = DEFAULT_DATABASE_URL
    database_read_timeout: WholeNumber = 30

    def engine_options(self) -> dict[str, object]:
        """The pool's options, bounded reads and writes, and READ COMMITTED."""
        options = super().engine_options()
        # PyMySQL's connect timeout ends once TCP connects: without these, a
        # server that accepts connections but never answers hangs requests.
        options["connect_args"] = {
            "connect_timeout": self.database_connect_timeout,
            "read_timeout": self.database_read_timeout,
            "write_timeout": self.database_read_timeout,
        }
        # InnoDB's default, REPEATABLE READ, also locks the gaps between rows,
        # so concurrent deletes and inserts deadlock.
        options["isolation_level"] = "READ COMMITTED"
        return options
