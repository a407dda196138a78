"""Gunicorn settings, read from the environment (see README: Configuration)."""

import importlib.util
import multiprocessing
import runpy
from pathlib import Path


def package_folder() -> Path:
    """Where the package is installed, or else where it sits beside this file."""
    spec = importlib.util.find_spec("{{ cookiecutter.package_name }}")
    if spec is not None and spec.origin is not None:
        return Path(spec.origin).parent
    return Path(__file__).parent / "{{ cookiecutter.package_name }}"


# The settings module is run by its path rather than imported: importing it
# would load the whole app into gunicorn's master process, and workers
# started after a reload (SIGHUP) would go on serving the old code.
SETTINGS = package_folder() / "core" / "settings.py"
settings = runpy.run_path(str(SETTINGS))["ServerSettings"].read()

bind = settings.gunicorn_bind
worker_class = "gthread"
workers = settings.web_concurrency or multiprocessing.cpu_count() * 2 + 1
threads = settings.gunicorn_threads or 2
{%- if cookiecutter.use_socketio %}
# Socket.IO connections are held by the realtime server (realtime.conf.py);
# these workers only send events, through Redis, and answer /socket.io/
# with a 404 so that a proxy sending it here is noticed at once.
raw_env = ["SOCKETIO_ENDPOINT=false"]
{%- endif %}

# A worker silent this long is restarted; on SIGTERM, in-flight requests get
# graceful_timeout seconds to finish before workers are killed.
timeout = settings.gunicorn_timeout
graceful_timeout = settings.gunicorn_graceful_timeout
keepalive = 5
# The longest request line gunicorn allows, as long as nginx's (8 KiB), so
# that behind nginx a URL too long gets nginx's answer, JSON under /api.
limit_request_line = 8190

# No access log: the app already logs every request, with its id (core/logs.py),
# and a second line per request costs throughput. `--access-logfile -` on
# the command line brings gunicorn's back, in this format.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms %({x-request-id}o)s'
errorlog = "-"
loglevel = settings.log_level.lower()

# The app trusts proxy headers only as far as TRUSTED_PROXIES says (ProxyFix),
# so gunicorn must not act on X-Forwarded-Proto by itself.
forwarded_allow_ips = ""
secure_scheme_headers: dict[str, str] = {}

certfile = settings.gunicorn_certfile
keyfile = settings.gunicorn_keyfile

# Gunicorn 25.1+ opens a control socket for gunicornc at one path per user,
# which several instances on a host would fight over: it is off unless a
# path is given.
control_socket = settings.gunicorn_control_socket
control_socket_disable = control_socket is None
