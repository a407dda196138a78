"""Gunicorn settings for the realtime server: ``gunicorn -c realtime.conf.py wsgi:app``.

It holds the Socket.IO connections, thousands of them, in one gevent worker;
the HTTP server (gunicorn.conf.py) serves everything else. Settings it does
not change below are the HTTP server's: logging, TLS, timeouts.
"""

import runpy
from pathlib import Path

http = runpy.run_path(str(Path(__file__).with_name("gunicorn.conf.py")))
globals().update(
    {name: value for name, value in http.items() if not name.startswith("_")}
)
settings = http["settings"]

bind = settings.realtime_bind
# Socket.IO keeps each client's state in the memory of the process it
# reached, and gunicorn cannot send a client back to the same worker: one
# worker per server. To use more cores, run more servers behind a proxy with
# sticky sessions (README: Scaling out).
worker_class = "gevent"
workers = 1
worker_connections = settings.realtime_connections
# gevent patches the standard library before the app loads, and the app
# serves Socket.IO on gevent when it finds it patched (realtime/server.py).
raw_env = ["SOCKETIO_ENDPOINT=true"]
