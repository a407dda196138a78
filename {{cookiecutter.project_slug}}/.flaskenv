# Read by the flask command only (gunicorn never sees it); .env overrides it.
FLASK_APP={{ cookiecutter.package_name }}
APP_ENV=development
FLASK_DEBUG=1
FLASK_RUN_PORT=8000
