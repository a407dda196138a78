"""The features the app is made of, set up in this order after the core."""
{%- set features = [
    "database" if cookiecutter.__has_database else "",
    "notes" if cookiecutter.__has_database else "",
    "auth" if cookiecutter.use_jwt else "",
    "mail" if cookiecutter.use_email else "",
    "accounts" if cookiecutter.use_email else "",
    "jobs" if cookiecutter.use_celery else "",
    "cors" if cookiecutter.use_cors else "",
    "sessions" if cookiecutter.use_redis_sessions else "",
    "realtime" if cookiecutter.use_socketio else "",
] | select | list %}
{% if features %}
from . import {{ features | sort | join(", ") }}
{%- endif %}
from .core import Feature
from .own_features import OWN_FEATURES

{% if features -%}
FEATURES: list[Feature] = [
{%- for feature in features %}
    {{ feature }},
{%- endfor %}
    *OWN_FEATURES,
]
{% else -%}
FEATURES: list[Feature] = [*OWN_FEATURES]
{% endif -%}
