"""The WSGI entry point: ``gunicorn -c gunicorn.conf.py wsgi:app``{% if cookiecutter.use_celery %};
the Celery app for ``celery -A wsgi:celery worker`` and ``celery -A wsgi:celery beat``{% endif %}."""

from {{ cookiecutter.package_name }} import create_app

app = create_app()
{%- if cookiecutter.use_celery %}
celery = app.extensions["celery"]
{%- endif %}
