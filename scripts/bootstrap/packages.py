"""System packages: see that they are there, install them or say how."""

import os
import shutil
import subprocess
import sysconfig
import time
from dataclasses import dataclass
from pathlib import Path

from .common import BASE, SetupError, elapsed, say


def _has_command(*names):
    return any(shutil.which(name) for name in names)


def _has_file(*paths):
    return any(Path(path).exists() for path in paths)


def _python_headers():
    return (Path(sysconfig.get_paths()["include"]) / "Python.h").exists()


def _version_key(initdb):
    name = initdb.parent.parent.name
    return int(name) if name.isdigit() else 0


def find_postgres_bindir():
    """The folder of PostgreSQL's server programs (initdb, pg_ctl), or None.

    Debian keeps them out of PATH in /usr/lib/postgresql/<version>/bin; take
    the newest version there, else whatever PATH or pg_config knows.
    """
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=_version_key)
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).resolve().parent
    if shutil.which("pg_config"):
        out = subprocess.run(
            ["pg_config", "--bindir"], capture_output=True, text=True, check=False
        ).stdout.strip()
        if out and (Path(out) / "initdb").exists():
            return Path(out)
    return None


@dataclass(frozen=True)
class SystemPackage:
    """A Debian/Ubuntu package, what it is for, and how to see it is there."""

    debian: str
    purpose: str
    present: object  # a callable returning bool

    def is_present(self):
        return bool(self.present())


_BROWSERS = ("google-chrome", "chromium", "chromium-browser", "google-chrome-stable")
_LIBPQ_HEADER = "/usr/include/postgresql/libpq-fe.h"
_BUILD = "building Odoo's requirements"

PACKAGES = {
    pkg.debian: pkg
    for pkg in (
        SystemPackage("build-essential", _BUILD, lambda: _has_command("cc", "gcc")),
        SystemPackage("python3-dev", _BUILD, _python_headers),
        SystemPackage(
            "libpq-dev",
            "building psycopg2",
            lambda: _has_command("pg_config") or _has_file(_LIBPQ_HEADER),
        ),
        SystemPackage(
            "libldap2-dev",
            "building python-ldap",
            lambda: _has_file("/usr/include/ldap.h"),
        ),
        SystemPackage(
            "libsasl2-dev",
            "building python-ldap",
            lambda: _has_file("/usr/include/sasl/sasl.h"),
        ),
        SystemPackage(
            "wkhtmltopdf", "PDF reports", lambda: _has_command("wkhtmltopdf")
        ),
        SystemPackage(
            "chromium", "the browser tests", lambda: _has_command(*_BROWSERS)
        ),
        SystemPackage(
            "poppler-utils",
            "the screenshot of the brief (pdftoppm)",
            lambda: _has_command("pdftoppm"),
        ),
        SystemPackage(
            "postgresql",
            "a local PostgreSQL server",
            lambda: find_postgres_bindir() is not None,
        ),
        SystemPackage(
            "postgresql-client",
            "the PostgreSQL client tools",
            lambda: _has_command("psql") and _has_command("pg_isready"),
        ),
    )
}
# What installing Odoo from source needs; the runtime needs are asked by name.
BUILD_PACKAGES = (
    "build-essential",
    "python3-dev",
    "libpq-dev",
    "libldap2-dev",
    "libsasl2-dev",
)


def can_use_apt():
    """apt-get as root on Debian or Ubuntu: the one case we install in."""
    return (
        os.geteuid() == 0
        and shutil.which("apt-get") is not None
        and Path("/etc/debian_version").exists()
    )


def ensure_packages(names, *, can_install=None, install=None):
    """Install the missing ones of ``names`` with apt-get, or say how to.

    ``can_install`` and ``install`` default to apt-get as root on a Debian or
    Ubuntu system; anything else stops with the exact command to run.
    Returns the packages that were installed.
    """
    missing = [PACKAGES[name] for name in names if not PACKAGES[name].is_present()]
    if not missing:
        return []
    debs = " ".join(pkg.debian for pkg in missing)
    why = ", ".join(sorted({pkg.purpose for pkg in missing}))
    if can_install is None:
        can_install = can_use_apt()
    if not can_install:
        if shutil.which("apt-get"):
            command = f"sudo apt-get install -y {debs}"
        else:
            command = f"install {debs} (or your system's equivalent)"
        raise SetupError(
            f"missing system packages for {why}: run '{command}', then try again"
        )
    (install or apt_install)([pkg.debian for pkg in missing])
    still = [pkg.debian for pkg in missing if not pkg.is_present()]
    if still:
        raise SetupError(
            f"apt-get installed {debs} but {' '.join(still)} is still not usable"
        )
    return [pkg.debian for pkg in missing]


_APT_UPDATED = []  # one `apt-get update` per run, before the first install


def apt_install(debs):
    start = time.monotonic()
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    say(f"installing system packages: {' '.join(debs)} (apt-get)")
    BASE.mkdir(exist_ok=True)
    log = BASE / "apt.log"
    steps = [["apt-get", "install", "-y", *debs]]
    if not _APT_UPDATED:
        steps.insert(0, ["apt-get", "update"])
    with open(log, "a", encoding="utf-8") as out:
        for step in steps:
            code = subprocess.run(
                step,
                stdout=out,
                stderr=out,
                stdin=subprocess.DEVNULL,
                env=env,
                check=False,
            ).returncode
            if code:
                raise SetupError(f"{' '.join(step[:2])} failed; see {log}")
    _APT_UPDATED.append(True)
    say(f"  system packages installed ({elapsed(start)})")
