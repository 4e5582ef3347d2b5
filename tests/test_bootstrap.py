"""The set-up decisions of scripts/bootstrap, checked without installing.

What the README's commands do on a fresh machine depends on these: where the
Odoo source comes from, that Enterprise is refused, that an interrupted
install is started over, that a missing system package stops with the one
command that installs it, and in which order Odoo is looked for.
"""

import json
import os
import shutil
import subprocess
import sys
import tarfile

import pytest
from odoo_runner import REPO

sys.path.insert(0, str(REPO / "scripts"))

from bootstrap import odoo as odoo_install
from bootstrap import packages, postgres, source
from bootstrap.common import SetupError

RELEASE_18 = "version_info = (18, 0, 0, FINAL, '')\n"


def make_odoo(root, release=RELEASE_18, modules=("base", "web")):
    """A folder shaped like an Odoo source tree (no code needed to decide)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "odoo").mkdir(exist_ok=True)
    (root / "odoo" / "release.py").write_text(release, encoding="utf-8")
    for module in modules:
        folder = root / "odoo" / "addons" / module
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "__manifest__.py").write_text(
            "{'license': 'LGPL-3'}", encoding="utf-8"
        )
    (root / "requirements.txt").write_text("", encoding="utf-8")
    return root


def make_archive(folder, path):
    with tarfile.open(path, "w:gz") as archive:
        archive.add(folder, arcname="odoo-18.0")
    return path


# --- which source -----------------------------------------------------------


def test_no_source_means_a_clone_of_odoo_18(tmp_path):
    chosen = source.choose_source(None, tmp_path)
    assert (chosen.kind, chosen.location) == ("git", "https://github.com/odoo/odoo")
    assert "branch 18.0" in chosen.describe()


@pytest.mark.parametrize(
    "value",
    [
        "https://example.org/odoo.git",
        "git@example.org:odoo/odoo.git",
        "file:///srv/odoo",
    ],
)
def test_git_urls_are_cloned(value, tmp_path):
    assert source.choose_source(value, tmp_path).kind == "git"


@pytest.mark.parametrize("name", ["odoo.tar.xz", "odoo.tar.gz", "odoo.zip"])
def test_local_archives_are_unpacked(name, tmp_path):
    (tmp_path / name).write_bytes(b"")
    chosen = source.choose_source(name, tmp_path)
    assert chosen == source.Source("archive", str(tmp_path / name))


def test_a_local_folder_is_used(tmp_path):
    make_odoo(tmp_path / "odoo-src")
    assert source.choose_source(str(tmp_path / "odoo-src")).kind == "folder"


def test_a_missing_or_odd_source_is_one_clear_line(tmp_path):
    with pytest.raises(SetupError, match="does not exist"):
        source.choose_source(str(tmp_path / "nowhere.tar.xz"))
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    with pytest.raises(SetupError, match="not an Odoo source archive") as error:
        source.choose_source(str(tmp_path / "notes.txt"))
    assert "\n" not in str(error.value)


# --- Community only -----------------------------------------------------------


def test_enterprise_source_is_refused(tmp_path):
    root = make_odoo(tmp_path / "src", modules=("base", "web", "web_enterprise"))
    with pytest.raises(SetupError, match=r"Enterprise .*web_enterprise"):
        source.check_source(root, "folder src")


def test_enterprise_addons_folder_is_refused_before_anything_else(tmp_path):
    # The Enterprise repository is a flat folder of modules.
    (tmp_path / "enterprise" / "web_enterprise").mkdir(parents=True)
    (tmp_path / "enterprise" / "web_enterprise" / "__manifest__.py").write_text("{}")
    with pytest.raises(SetupError, match="Enterprise"):
        source.check_source(tmp_path / "enterprise", "folder enterprise")


def test_community_with_a_mislabelled_licence_is_accepted(tmp_path):
    # Odoo's own 18.0 Community 'certificate' module says OEEL-1 by mistake.
    root = make_odoo(tmp_path / "src", modules=("base", "certificate"))
    (root / "odoo" / "addons" / "certificate" / "__manifest__.py").write_text(
        "{'license': 'OEEL-1'}", encoding="utf-8"
    )
    source.check_source(root, "folder src")


def test_other_odoo_versions_are_refused(tmp_path):
    root = make_odoo(tmp_path / "src", release="version_info = (17, 0, 0, FINAL, '')\n")
    with pytest.raises(SetupError, match=r"Odoo 17\.0; Odoo 18\.0 is required"):
        source.check_source(root, "folder src")


def test_archive_is_unpacked_to_its_source_root(tmp_path):
    archive = make_archive(make_odoo(tmp_path / "build"), tmp_path / "odoo.tar.gz")
    dest = tmp_path / "install" / "src"
    dest.parent.mkdir()
    source.fetch_source(source.Source("archive", str(archive)), dest)
    assert (dest / "odoo" / "release.py").exists()
    assert not dest.with_name("src.partial").exists()


def test_enterprise_archive_leaves_nothing_behind(tmp_path):
    build = make_odoo(tmp_path / "build", modules=("base", "web_enterprise"))
    archive = make_archive(build, tmp_path / "odoo.tar.gz")
    dest = tmp_path / "install" / "src"
    dest.parent.mkdir()
    with pytest.raises(SetupError, match="Enterprise"):
        source.fetch_source(source.Source("archive", str(archive)), dest)
    assert list(dest.parent.iterdir()) == []


def test_a_local_folder_is_copied_not_written_into(tmp_path):
    user_tree = make_odoo(tmp_path / "mine")
    before = sorted(p.relative_to(user_tree) for p in user_tree.rglob("*"))
    dest = tmp_path / "install" / "src"
    dest.parent.mkdir()
    source.fetch_source(source.Source("folder", str(user_tree)), dest)
    assert (dest / "odoo" / "release.py").exists()
    assert sorted(p.relative_to(user_tree) for p in user_tree.rglob("*")) == before


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


# --- the discovery rule of scripts/odoo-env.sh ----------------------------------

FAKE_ODOO = """#!/bin/sh
# Answers like odoo: its version, and --save writes the addons path to -c FILE.
while [ $# -gt 0 ]; do
    case "$1" in
        --version) echo "Odoo Server {version}"; exit 0 ;;
        -c) shift; conf=$1 ;;
        --save) save=1 ;;
    esac
    shift
done
[ -z "$save" ] || echo "addons_path = /fake/addons" > "$conf"
"""


@pytest.fixture
def checkout(tmp_path):
    """A copy of scripts/ in an empty checkout: no .odoo/ there yet."""
    root = tmp_path / "repo"
    (root / "scripts").mkdir(parents=True)
    shutil.copy(REPO / "scripts" / "odoo-env.sh", root / "scripts")
    shutil.copytree(
        REPO / "scripts" / "bootstrap",
        root / "scripts" / "bootstrap",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    return root


def fake_odoo(folder, version="18.0+e-20250520", name="odoo"):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(FAKE_ODOO.replace("{version}", version), encoding="utf-8")
    path.chmod(0o755)
    return path


def discover(checkout, tmp_path, **env):
    """Run find_odoo in the checkout; return (exit code, ODOO_CMD, stderr)."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in ("ODOO_BIN", "ODOO_RC", "ODOO_SOURCE", "DOSSIER_ODOO_BOOTSTRAP")
    }
    clean["ODOO_SOURCE"] = str(tmp_path / "no-such-source.tar.xz")  # never install here
    clean.update(env)
    result = subprocess.run(
        [
            "bash",
            "-c",
            '. scripts/odoo-env.sh; find_odoo; echo "${ODOO_CMD[*]}|$ADDONS_PATH"',
        ],
        cwd=checkout,
        capture_output=True,
        text=True,
        env=clean,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    return result.returncode, result.stdout.strip(), result.stderr


def test_odoo_bin_comes_first(checkout, tmp_path):
    odoo = fake_odoo(tmp_path / "bin")
    on_path = fake_odoo(tmp_path / "path")
    code, out, _ = discover(
        checkout,
        tmp_path,
        ODOO_BIN=str(odoo),
        PATH=f"{on_path.parent}:{os.environ['PATH']}",
    )
    assert code == 0
    assert out == f"{odoo}|/fake/addons,{checkout}"


def test_odoo_bin_of_another_version_stops(checkout, tmp_path):
    odoo = fake_odoo(tmp_path / "bin", version="17.0")
    code, _, err = discover(checkout, tmp_path, ODOO_BIN=str(odoo))
    assert code == 1
    assert "is not Odoo 18.0" in err


def test_odoo_on_path_is_used(checkout, tmp_path):
    on_path = fake_odoo(tmp_path / "path")
    code, out, _ = discover(
        checkout, tmp_path, PATH=f"{on_path.parent}:{os.environ['PATH']}"
    )
    assert (code, out.split("|")[0]) == (0, str(on_path))


def test_no_odoo_18_anywhere_installs_the_private_one(checkout, tmp_path):
    old = fake_odoo(tmp_path / "path", version="17.0")
    code, _, err = discover(
        checkout, tmp_path, PATH=f"{old.parent}:{os.environ['PATH']}"
    )
    # It went for the private install, which stops on the missing source.
    assert code == 1
    assert "no-such-source.tar.xz does not exist" in err


def test_bootstrap_flag_ignores_odoo_on_the_machine(checkout, tmp_path):
    on_path = fake_odoo(tmp_path / "path")
    code, _, err = discover(
        checkout,
        tmp_path,
        DOSSIER_ODOO_BOOTSTRAP="1",
        ODOO_BIN=str(on_path),
        PATH=f"{on_path.parent}:{os.environ['PATH']}",
    )
    assert code == 1
    assert "no-such-source.tar.xz does not exist" in err


def test_private_odoo_is_used_quietly_once_installed():
    """In this checkout's own .odoo/ (when scripts/test installed it)."""
    if not (REPO / ".odoo" / "installed.json").exists():
        pytest.skip("no private Odoo in this checkout")
    result = subprocess.run(
        ["bash", "-c", '. scripts/odoo-env.sh; find_odoo; echo "${ODOO_CMD[*]}"'],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        stdin=subprocess.DEVNULL,
        env=dict(os.environ, DOSSIER_ODOO_BOOTSTRAP="1"),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(REPO / ".odoo" / "bin" / "odoo")
    assert result.stderr == ""
