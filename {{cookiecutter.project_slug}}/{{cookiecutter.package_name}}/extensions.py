"""Extension objects, created unbound; create_app() binds them to an app."""
{%- set database = cookiecutter.database != "none" %}
{%- set redis = cookiecutter.use_redis_sessions or cookiecutter.use_socketio %}
{% if cookiecutter.use_cors or database or cookiecutter.use_socketio %}
{%- if cookiecutter.use_cors %}
from flask_cors import CORS
{%- endif %}
{%- if cookiecutter.use_jwt %}
from flask_jwt_extended import JWTManager
{%- endif %}
{%- if cookiecutter.use_socketio %}
from flask_socketio import SocketIO
{%- endif %}
{%- if database %}
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase
{%- endif %}
{% endif %}
{%- if redis %}
from .redis_store import RedisStore
{% endif %}
{%- if database %}

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

{% endif %}
{%- if cookiecutter.use_cors %}
cors = CORS()
{%- endif %}
{%- if database %}
# Objects keep their values after commit, so a view can answer with a row
# another request has since deleted.
db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})
{%- endif %}
{%- if cookiecutter.use_jwt %}
jwt = JWTManager()
{%- endif %}
{%- if redis %}
redis_store = RedisStore()
{%- endif %}
{%- if cookiecutter.use_socketio %}
socketio = SocketIO()
{%- endif %}
