"""Gunicorn settings, read from the environment (see README: Configuration)."""

{% if not cookiecutter.use_socketio -%}
import multiprocessing
{% endif -%}
import os


def env(name: str, default: str) -> str:
    """Read a variable; unset or blank means the default."""
    return os.environ.get(name, "").strip() or default


bind = env("GUNICORN_BIND", "127.0.0.1:8000")
worker_class = "gthread"
{%- if cookiecutter.use_socketio %}
# Socket.IO keeps each client's state in the memory of the worker it reached,
# and gunicorn cannot send a client back to the same worker, so one worker
# serves all, with a thread per open connection. To scale out, run more
# instances behind a proxy with sticky sessions (README: Scaling out).
workers = 1
threads = int(env("GUNICORN_THREADS", "100"))
{%- else %}
workers = int(env("WEB_CONCURRENCY", str(multiprocessing.cpu_count() * 2 + 1)))
threads = int(env("GUNICORN_THREADS", "2"))
{%- endif %}

# A worker silent this long is restarted; on SIGTERM, in-flight requests get
# graceful_timeout seconds to finish before workers are killed.
timeout = int(env("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(env("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5

# No access log: the app already logs every request, with its id (logs.py),
# and a second line per request costs throughput. `--access-logfile -` on
# the command line brings gunicorn's back, in this format.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms %({x-request-id}o)s'
errorlog = "-"
loglevel = env("LOG_LEVEL", "info").lower()

# The app trusts proxy headers only as far as TRUSTED_PROXIES says (ProxyFix),
# so gunicorn must not act on X-Forwarded-Proto by itself.
forwarded_allow_ips = ""
secure_scheme_headers: dict[str, str] = {}

certfile = env("GUNICORN_CERTFILE", "") or None
keyfile = env("GUNICORN_KEYFILE", "") or None

# Gunicorn 25.1+ opens a control socket for gunicornc at one path per user,
# which several instances on a host would fight over: it is off unless a
# path is given.
control_socket = env("GUNICORN_CONTROL_SOCKET", "") or None
control_socket_disable = control_socket is None
