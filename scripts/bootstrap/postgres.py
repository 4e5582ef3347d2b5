"""A private PostgreSQL cluster in ``.odoo/pgdata``, for machines without one."""

import os
import pwd
import shutil
import socket
import subprocess
from pathlib import Path

from .common import SetupError, say
from .packages import ensure_packages, find_postgres_bindir

LOCAL_HOSTS = {"", "127.0.0.1", "localhost", "::1"}
SUPERUSER = "postgres"  # the cluster's own superuser; Odoo gets a role of its own


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Cluster:
    """A PostgreSQL cluster owned by this checkout, in ``.odoo/pgdata``."""

    def __init__(self, base):
        self.base = Path(base)
        self.data = self.base / "pgdata"
        self.sockets = self.base / "run"
        self.log = self.base / "postgresql.log"

    @staticmethod
    def owner():
        """PostgreSQL refuses to run as root: then run it as 'postgres' (or nobody)."""
        if os.geteuid() != 0:
            return None
        for name in ("postgres", "nobody"):
            try:
                return pwd.getpwnam(name)
            except KeyError:
                continue
        raise SetupError(
            "running as root and no 'postgres' user to run PostgreSQL as:"
            " create one (useradd --system postgres)"
        )

    def _run(self, cmd):
        owner = self.owner()
        as_owner = {}
        if owner is not None:
            as_owner = {"user": owner.pw_uid, "group": owner.pw_gid, "extra_groups": []}
        return subprocess.run(
            [str(c) for c in cmd],
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            check=False,
            cwd="/",
            **as_owner,
        )

    def _give(self, path):
        owner = self.owner()
        if owner is not None:
            os.chown(path, owner.pw_uid, owner.pw_gid)

    def running_port(self):
        """The port of the running cluster (postmaster.pid, line 4), else None."""
        pidfile = self.data / "postmaster.pid"
        if not pidfile.exists():
            return None
        lines = pidfile.read_text(encoding="utf-8", errors="replace").splitlines()
        try:
            pid, port = int(lines[0]), int(lines[3])
            os.kill(pid, 0)
        except (IndexError, ValueError, ProcessLookupError, OverflowError):
            return None
        except PermissionError:
            pass  # it runs, as another user
        return port

    def _initdb(self, bindir):
        shutil.rmtree(self.data, ignore_errors=True)  # a half-made cluster
        self.data.mkdir(mode=0o700, parents=True)
        self._give(self.data)
        say(f"creating a private PostgreSQL cluster in {self.data}")
        done = self._run(
            [
                bindir / "initdb",
                "-D",
                self.data,
                "-U",
                SUPERUSER,
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C",
            ]
        )
        if done.returncode:
            shutil.rmtree(self.data, ignore_errors=True)
            raise SetupError(self._cannot_write() or f"initdb failed; {_last(done)}")

    def start(self, bindir):
        """Start the cluster (made first if need be); return (port, started)."""
        port = self.running_port()
        if port:
            return port, False
        if not (self.data / "PG_VERSION").exists():
            self._initdb(bindir)
        self.sockets.mkdir(exist_ok=True)
        self._give(self.sockets)
        self.log.touch()
        self._give(self.log)
        port = free_port()
        # A unix socket path may have 107 bytes at most; past that, TCP only.
        socket_path = f"{self.sockets}/.s.PGSQL.{port}"
        sockets = str(self.sockets) if len(socket_path) < 100 else ""
        options = (
            f"-p {port} -c listen_addresses=127.0.0.1"
            f" -c unix_socket_directories='{sockets}'"
        )
        done = self._run(
            [
                bindir / "pg_ctl",
                "-D",
                self.data,
                "-l",
                self.log,
                "-w",
                "-t",
                "60",
                "-o",
                options,
                "start",
            ]
        )
        if done.returncode:
            raise SetupError(f"the private PostgreSQL did not start; see {self.log}")
        say(f"started a private PostgreSQL on 127.0.0.1:{port} ({self.data})")
        return port, True

    def stop(self, bindir):
        if not self.running_port():
            return False
        self._run([bindir / "pg_ctl", "-D", self.data, "-w", "-m", "fast", "stop"])
        return True

    def _cannot_write(self):
        owner = self.owner()
        if owner is None or not self._run(["test", "-w", self.data]).returncode:
            return None
        return (
            f"the '{owner.pw_name}' user that runs PostgreSQL cannot write"
            f" {self.data}: make its parent folders searchable (chmod o+x), clone"
            " the repository elsewhere, or point PGHOST/PGPORT at a running server"
        )


def _last(done):
    lines = (done.stderr or done.stdout).strip().splitlines()
    return lines[-1] if lines else "no output"


def postgres_bindir():
    """PostgreSQL's server programs, installed first if they are missing."""
    bindir = find_postgres_bindir()
    if bindir is None:
        ensure_packages(["postgresql"])
        bindir = find_postgres_bindir()
    if bindir is None:
        raise SetupError("PostgreSQL's server programs (initdb) are not installed")
    return bindir


def postgres_start(base, host, port):
    """A private cluster instead of the server that does not answer at host:port.

    Only for a local host: a remote server that is down is the user's to fix.
    """
    if host not in LOCAL_HOSTS and not host.startswith("/"):
        raise SetupError(
            f"PostgreSQL is not reachable at {host}:{port}: set PGHOST/PGPORT to a"
            " running server, or unset PGHOST for a private local one"
        )
    cluster = Cluster(base)
    running = cluster.running_port()
    if running:
        return "127.0.0.1", running, False
    port, started = cluster.start(postgres_bindir())
    return "127.0.0.1", port, started


def postgres_stop(base):
    bindir = find_postgres_bindir()
    return bool(bindir) and Cluster(base).stop(bindir)
