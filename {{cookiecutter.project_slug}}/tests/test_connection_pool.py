"""Connection pool settings for the database server."""

import pytest

from {{ cookiecutter.package_name }} import config
from {{ cookiecutter.package_name }}.config import ConfigError


def test_pool_settings_have_bounded_defaults():
    """Connections are checked before use, and no wait is unbounded."""
    options = config.Config({}).SQLALCHEMY_ENGINE_OPTIONS
    assert options["pool_pre_ping"] is True
    assert options["pool_timeout"] == 10
    assert options["connect_args"] == {"connect_timeout": 3}


def test_pool_settings_come_from_the_environment():
    """Each DATABASE_* pool variable sets its engine option."""
    environ = {
        "DATABASE_POOL_SIZE": "20",
        "DATABASE_MAX_OVERFLOW": "0",
        "DATABASE_POOL_TIMEOUT": "2",
        "DATABASE_POOL_RECYCLE": "600",
        "DATABASE_CONNECT_TIMEOUT": "5",
    }
    options = config.Config(environ).SQLALCHEMY_ENGINE_OPTIONS
    assert (options["pool_size"], options["max_overflow"]) == (20, 0)
    assert (options["pool_timeout"], options["pool_recycle"]) == (2, 600)
    assert options["connect_args"] == {"connect_timeout": 5}


def test_a_bad_pool_setting_is_refused_by_name():
    """A pool variable that is not a whole number stops startup, naming it."""
    with pytest.raises(ConfigError, match="DATABASE_POOL_SIZE"):
        config.Config({"DATABASE_POOL_SIZE": "lots"})
