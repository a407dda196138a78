"""The PostgreSQL server the app uses."""

from .pool import PoolSettings

DATABASE_NAME = "{{ cookiecutter.package_name }}"
DEFAULT_DATABASE_URL = f"postgresql+psycopg://postgres@127.0.0.1/{DATABASE_NAME}"
TEST_DATABASE_URL = f"{DEFAULT_DATABASE_URL}_test"


class DatabaseSettings(PoolSettings):
    """DATABASE_URL and the pool settings."""

    database_url: str = DEFAULT_DATABASE_URL
