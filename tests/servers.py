"""Private PostgreSQL, MariaDB and Redis servers on free ports, for fault tests.

The shared services serve everyone's tests and must never be stopped; these
belong to one test module, which stops and restarts them at will. Each keeps
its port across restarts, as a real server coming back would.
"""

import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from conftest import SERVER_LOGS, free_port
from services import skip_or_fail


def missing(program: str) -> None:
    """Skip a test that needs a server program this machine lacks; fail in CI."""
    skip_or_fail(f"{program} is not installed, so no private server can be started")


def wait_for_port(port: int, process: subprocess.Popen | None, timeout: float) -> None:
    """Wait until something accepts connections on 127.0.0.1:port."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server for port {port} exited while starting")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on port {port} after {timeout:.0f}s")


def wait_for_exit(process: subprocess.Popen, timeout: float = 30) -> None:
    """Wait for a server to finish its shutdown; kill it if it takes too long."""
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        raise


class PrivateServer:
    """A server process of this test's own, in a scratch folder it removes."""

    name = "server"
    # The signal that makes the server shut down cleanly but promptly.
    stop_signal = signal.SIGTERM

    def __init__(self) -> None:
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix=f"flask-starter-{self.name}-"))
        self.process: subprocess.Popen | None = None

    def command(self) -> list[str]:
        """The command that runs the server in the foreground."""
        raise NotImplementedError

    @property
    def running(self) -> bool:
        """Whether the server process is up."""
        return self.process is not None and self.process.poll() is None

    def start(self) -> None:
        """Start the server and wait until it accepts connections."""
        path = self.root / "server.log"
        with path.open("a") as log:
            self.process = subprocess.Popen(
                self.command(),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        SERVER_LOGS.watch(self.process, path)
        wait_for_port(self.port, self.process, timeout=30)

    def stop(self) -> None:
        """Shut the server down cleanly and wait until it has gone."""
        if self.running:
            # The whole group, so the server gets it even when runuser started it.
            os.killpg(self.process.pid, self.stop_signal)
            wait_for_exit(self.process)

    def remove(self) -> None:
        """Stop the server and delete its files."""
        try:
            self.stop()
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


class PrivateRedis(PrivateServer):
    """redis-server keeping nothing on disk."""

    name = "redis"

    def __init__(self) -> None:
        if not shutil.which("redis-server"):
            missing("redis-server")
        super().__init__()

    def command(self) -> list[str]:
        return [
            "redis-server",
            "--port", str(self.port),
            "--bind", "127.0.0.1",
            "--save", "",
            "--appendonly", "no",
            "--dir", str(self.root),
        ]  # fmt: skip

    @property
    def url(self) -> str:
        """REDIS_URL for this server."""
        return f"redis://127.0.0.1:{self.port}/0"


def postgres_program(name: str) -> str:
    """The path of a PostgreSQL server program, newest major version first."""
    found = shutil.which(name) or next(
        iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)),
        None,
    )
    if not found:
        missing(name)
    return found


class PrivatePostgreSQL(PrivateServer):
    """A PostgreSQL cluster of its own, trusting local connections.

    PostgreSQL refuses to run as root, so as root it runs as the postgres user.
    """

    name = "postgresql"
    # SIGTERM would wait for every client to disconnect; SIGINT ends them.
    stop_signal = signal.SIGINT

    def __init__(self) -> None:
        self.as_user = []
        postgres = postgres_program("postgres")
        super().__init__()
        self.postgres = postgres
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            os.chown(self.root, user.pw_uid, user.pw_gid)
            self.as_user = ["runuser", "-u", "postgres", "--"]
        initdb = [postgres_program("initdb"), "-D", str(self.root / "data")]
        initdb += ["-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8"]
        subprocess.run(
            [*self.as_user, *initdb], capture_output=True, check=True, timeout=120
        )

    def command(self) -> list[str]:
        return [
            *self.as_user,
            self.postgres,
            "-D", str(self.root / "data"),
            "-p", str(self.port),
            "-k", str(self.root),
            "-c", "listen_addresses=127.0.0.1",
            "-c", "fsync=off",
        ]  # fmt: skip

    @property
    def url(self) -> str:
        """DATABASE_URL for this server's postgres database."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"


class PrivateMariaDB(PrivateServer):
    """A MariaDB server of its own; root has no password."""

    name = "mariadb"

    def __init__(self) -> None:
        for program in ("mariadb-install-db", "mariadbd"):
            if not (shutil.which(program) or Path(f"/usr/sbin/{program}").exists()):
                missing(program)
        super().__init__()
        self.user = pwd.getpwuid(os.geteuid()).pw_name
        install = ["mariadb-install-db", "--no-defaults", f"--datadir={self.data}"]
        install += ["--auth-root-authentication-method=normal", "--skip-test-db"]
        subprocess.run(
            [*install, f"--user={self.user}"],
            capture_output=True,
            check=True,
            timeout=120,
        )

    @property
    def data(self) -> Path:
        return self.root / "data"

    def command(self) -> list[str]:
        return [
            shutil.which("mariadbd") or "/usr/sbin/mariadbd",
            "--no-defaults",
            f"--datadir={self.data}",
            f"--port={self.port}",
            "--bind-address=127.0.0.1",
            f"--socket={self.root / 'mariadb.sock'}",
            f"--pid-file={self.root / 'mariadb.pid'}",
            f"--user={self.user}",
            "--skip-log-bin",
            "--innodb-buffer-pool-size=16M",
        ]

    @property
    def url(self) -> str:
        """DATABASE_URL for this server's mysql database."""
        return f"mysql+pymysql://root@127.0.0.1:{self.port}/mysql?charset=utf8mb4"
