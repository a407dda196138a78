"""What every model shares: the SQLAlchemy object, its base class, UTC times."""

from datetime import UTC, datetime

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import DateTime, Delete, MetaData, TypeDecorator, Update
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Ids are 32-bit; some databases fail instead of finding nothing for larger ones.
MAX_ID = 2**31 - 1


class Base(DeclarativeBase):
    """Base class of the models."""

    # Named constraints let migrations drop and alter them on every backend.
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_N_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


# Objects keep their values after commit, so a view can answer with a row
# another request has since deleted.
db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})


def changed_rows(statement: Update | Delete) -> int:
    """Run an UPDATE or DELETE in the session's transaction; return how many
    rows it changed, which the connection's result reports and the session's
    does not promise."""
    return db.session.connection().execute(statement).rowcount


def utcnow() -> datetime:
    """The current time in UTC, to the second, which every backend stores exactly."""
    return datetime.now(UTC).replace(microsecond=0)


class UTCDateTime(TypeDecorator[datetime]):
    """Stores UTC as a plain timestamp; reads it back as an aware UTC datetime.

    Not every backend keeps time zones, so all of them store UTC without one.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(
        self, value: datetime | None, dialect: Dialect
    ) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("datetimes stored in the database must be aware")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(
        self, value: datetime | None, dialect: Dialect
    ) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Timestamped:
    """Creation and last-update times, set by the application."""

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow
    )
