"""Extension objects, created unbound; create_app binds them to the app."""
{% if cookiecutter.use_cors or cookiecutter.use_socketio %}
{%- if cookiecutter.use_cors %}
from flask_cors import CORS
{%- endif %}
{%- if cookiecutter.use_socketio %}
from flask_socketio import SocketIO
{%- endif %}
{% endif %}
{%- if cookiecutter.use_redis_sessions or cookiecutter.use_socketio %}
from .redis_store import RedisStore
{% endif %}
{%- if cookiecutter.use_cors %}
cors = CORS()
{%- endif %}
{%- if cookiecutter.use_redis_sessions or cookiecutter.use_socketio %}
redis_store = RedisStore()
{%- endif %}
{%- if cookiecutter.use_socketio %}
socketio = SocketIO()
{%- endif %}
