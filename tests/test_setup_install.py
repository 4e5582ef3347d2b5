"""scripts/bootstrap installs once, starts an interrupted install over, and stops
with the one command to run when a system package is missing.

The install steps are replaced by one that lays out the same files, so that
the decisions are checked in seconds; CI runs the real install.
"""

import json
import os
import subprocess

import pytest
from bootstrap import odoo as odoo_install
from bootstrap import packages, postgres
from bootstrap.common import SetupError
from odoo_runner import REPO

# --- install once, redo an interrupted one --------------------------------------


def fake_installer(calls, fail=False):
    """The real steps minus pip: lay out src, venv, launcher, then the marker."""

    def install(layout, source, python):
        calls.append(source)
        layout.src.mkdir(parents=True)
        (layout.venv / "bin").mkdir(parents=True)
        (layout.venv / "bin" / "python").write_text("", encoding="utf-8")
        if fail:
            raise KeyboardInterrupt  # the user pressed Ctrl-C mid-install
        layout.launcher.parent.mkdir(exist_ok=True)
        layout.launcher.write_text("#!/bin/sh\n", encoding="utf-8")
        layout.marker.write_text(
            json.dumps({"source": source.describe()}), encoding="utf-8"
        )

    return install


def no_packages(_names):
    return []


def test_install_happens_once(tmp_path):
    calls = []
    base = tmp_path / ".odoo"
    odoo_install.ensure_odoo(
        base, None, packages=no_packages, installer=fake_installer(calls)
    )
    odoo_install.ensure_odoo(
        base, None, packages=no_packages, installer=fake_installer(calls)
    )
    assert len(calls) == 1
    assert odoo_install.OdooInstall(base).state() == "complete"


def test_interrupted_install_is_detected_and_redone(tmp_path):
    base = tmp_path / ".odoo"
    with pytest.raises(KeyboardInterrupt):
        odoo_install.ensure_odoo(
            base, None, packages=no_packages, installer=fake_installer([], fail=True)
        )
    assert odoo_install.OdooInstall(base).state() == "partial"
    (base / "pgdata").mkdir()  # a private cluster's data survives a redo
    calls = []
    odoo_install.ensure_odoo(
        base, None, packages=no_packages, installer=fake_installer(calls)
    )
    assert len(calls) == 1
    assert odoo_install.OdooInstall(base).state() == "complete"
    assert (base / "pgdata").is_dir()


def test_marker_without_launcher_counts_as_interrupted(tmp_path):
    calls = []
    base = tmp_path / ".odoo"
    odoo_install.ensure_odoo(
        base, None, packages=no_packages, installer=fake_installer(calls)
    )
    (base / "bin" / "odoo").unlink()
    assert odoo_install.OdooInstall(base).state() == "partial"
    odoo_install.ensure_odoo(
        base, None, packages=no_packages, installer=fake_installer(calls)
    )
    assert len(calls) == 2


def test_build_packages_are_checked_before_installing(tmp_path):
    asked = []

    def packages(names):
        asked.extend(names)
        raise SetupError("missing")

    calls = []
    with pytest.raises(SetupError):
        odoo_install.ensure_odoo(
            tmp_path / ".odoo", None, packages=packages, installer=fake_installer(calls)
        )
    assert {"libpq-dev", "libldap2-dev", "libsasl2-dev"} <= set(asked)
    assert calls == []


# --- system packages ---------------------------------------------------------------


@pytest.fixture
def absent_package(monkeypatch):
    package = packages.SystemPackage("dossier-fake-lib", "testing", lambda: False)
    monkeypatch.setitem(packages.PACKAGES, package.debian, package)
    return package.debian


def test_missing_package_without_root_names_the_command(absent_package, monkeypatch):
    monkeypatch.setattr(packages.shutil, "which", lambda name: f"/usr/bin/{name}")
    with pytest.raises(SetupError) as error:
        packages.ensure_packages([absent_package], can_install=False)
    message = str(error.value)
    assert "sudo apt-get install -y dossier-fake-lib" in message
    assert "\n" not in message


def test_missing_package_without_apt_says_what_to_install(absent_package, monkeypatch):
    monkeypatch.setattr(packages.shutil, "which", lambda name: None)
    with pytest.raises(SetupError, match="install dossier-fake-lib"):
        packages.ensure_packages([absent_package], can_install=False)


def test_missing_package_is_installed_when_possible(monkeypatch):
    installed = []
    package = packages.SystemPackage(
        "dossier-fake-lib", "testing", lambda: bool(installed)
    )
    monkeypatch.setitem(packages.PACKAGES, package.debian, package)
    done = packages.ensure_packages(
        [package.debian], can_install=True, install=installed.extend
    )
    assert done == installed == ["dossier-fake-lib"]


def test_a_package_apt_could_not_make_usable_is_reported(absent_package):
    with pytest.raises(SetupError, match="still not usable"):
        packages.ensure_packages(
            [absent_package], can_install=True, install=lambda d: None
        )


def test_present_packages_install_nothing():
    present = [n for n, p in packages.PACKAGES.items() if p.is_present()]
    assert packages.ensure_packages(present, can_install=False) == []


# --- PostgreSQL -------------------------------------------------------------------


def test_remote_unreachable_server_is_not_replaced_by_a_private_one(tmp_path):
    with pytest.raises(SetupError, match=r"not reachable at db\.example\.org:5432"):
        postgres.postgres_start(tmp_path, "db.example.org", "5432")


def test_stale_postmaster_pid_is_not_a_running_cluster(tmp_path):
    cluster = postgres.Cluster(tmp_path)
    cluster.data.mkdir()
    # A pid that cannot be running: beyond the kernel's maximum.
    (cluster.data / "postmaster.pid").write_text(
        "4194305\n/x\n0\n54321\n", encoding="utf-8"
    )
    assert cluster.running_port() is None
    (cluster.data / "postmaster.pid").write_text(
        f"{os.getpid()}\n/x\n0\n54321\n", encoding="utf-8"
    )
    assert cluster.running_port() == 54321


# --- the command line --------------------------------------------------------------


def test_errors_are_one_line_and_exit_1(tmp_path):
    env = dict(os.environ, ODOO_SOURCE=str(tmp_path / "missing.tar.xz"))
    result = subprocess.run(
        [
            "python3",
            str(REPO / "scripts" / "bootstrap"),
            "--base",
            str(tmp_path / "b"),
            "odoo",
        ],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 1 and "does not exist" in lines[0], result.stderr
