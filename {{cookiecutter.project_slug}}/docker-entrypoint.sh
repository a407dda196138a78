#!/bin/sh
# Wait until every backend answers{% if cookiecutter.database != "none" %}, bring the schema up to date{% endif %}, then
# replace this shell with the container's command (gunicorn by default), so
# it receives SIGTERM directly.
set -eu

flask check-ready --wait "${READY_TIMEOUT:-60}"
{%- if cookiecutter.database != "none" %}
flask db upgrade
{%- endif %}
exec "$@"
