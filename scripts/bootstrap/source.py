"""Where the Odoo source comes from, and that it is Odoo 18.0 Community."""

import os
import re
import shutil
import subprocess
import tarfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .common import SetupError

ODOO_GIT_URL = "https://github.com/odoo/odoo"
ODOO_BRANCH = "18.0"
ODOO_SERIES = (18, 0)
ARCHIVES = (".tar.xz", ".txz", ".tar.gz", ".tgz", ".tar.bz2", ".tar", ".zip")
_GIT_URL = re.compile(r"^((https?|ssh|git|file)://|[\w.-]+@[\w.-]+:)")


@dataclass(frozen=True)
class Source:
    """An Odoo source: an ``archive``, a ``folder`` or a ``git`` URL."""

    kind: str
    location: str

    def describe(self):
        if self.kind == "git":
            return f"git clone of {self.location} (branch {ODOO_BRANCH})"
        return f"{self.kind} {self.location}"


def choose_source(value, cwd=None):
    """Where to install Odoo from: ``ODOO_SOURCE``, else Odoo's 18.0 branch."""
    if not value:
        return Source("git", ODOO_GIT_URL)
    if _GIT_URL.match(value):
        return Source("git", value)
    path = Path(value).expanduser()
    if not path.is_absolute():
        path = Path(cwd or os.getcwd()) / path
    if path.is_dir():
        return Source("folder", str(path.resolve()))
    if path.is_file():
        if path.name.endswith(ARCHIVES):
            return Source("archive", str(path.resolve()))
        raise SetupError(
            f"ODOO_SOURCE={value} is not an Odoo source archive"
            " (.tar.xz, .tar.gz or .zip), a folder or a git URL"
        )
    if value.endswith(".git"):
        return Source("git", value)
    raise SetupError(f"ODOO_SOURCE={value} does not exist")


def source_root(folder):
    """The folder that holds ``odoo/release.py``: the top or one level down."""
    folder = Path(folder)
    subfolders = sorted(path for path in folder.iterdir() if path.is_dir())
    for candidate in (folder, *subfolders):
        if (candidate / "odoo" / "release.py").exists():
            return candidate
    return None


def odoo_version(root):
    """(major, minor) from ``odoo/release.py``, without importing it."""
    text = (Path(root) / "odoo" / "release.py").read_text(encoding="utf-8")
    match = re.search(r"^version_info\s*=\s*\((\d+),\s*(\d+)", text, re.M)
    return (int(match[1]), int(match[2])) if match else None


def addons_dirs(root):
    """The addons folders of a source: ``odoo/addons`` and, in git, ``addons``."""
    root = Path(root)
    return [
        path for path in (root / "odoo" / "addons", root / "addons") if path.is_dir()
    ]


def check_source(root, described):
    """Refuse anything but an Odoo 18.0 Community source.

    Enterprise is recognised by ``web_enterprise``, which every Enterprise
    install carries; manifest licences alone would refuse Community itself
    (its 18.0 ``certificate`` manifest says OEEL-1 by mistake).
    """
    folder = Path(root)
    for candidate in (folder, *addons_dirs(folder)):
        if (candidate / "web_enterprise" / "__manifest__.py").exists():
            raise SetupError(
                f"refusing {described}: it is Odoo Enterprise (it holds"
                " web_enterprise); Dossier CRM runs on Odoo Community only"
            )
    if not (folder / "odoo" / "release.py").exists():
        raise SetupError(f"{described} is not an Odoo source (no odoo/release.py)")
    version = odoo_version(folder)
    if version != ODOO_SERIES:
        found = ".".join(map(str, version)) if version else "an unknown version"
        raise SetupError(f"{described} is Odoo {found}; Odoo 18.0 is required")
    if not any(
        (path / "base" / "__manifest__.py").exists() for path in addons_dirs(folder)
    ):
        raise SetupError(f"{described} has no 'base' module: not a whole Odoo source")


def _extract(archive, dest):
    if archive.endswith(".zip"):
        with zipfile.ZipFile(archive) as zipped:
            zipped.extractall(dest)
        return
    with tarfile.open(archive) as tarred:
        if hasattr(tarfile, "data_filter"):
            # Refuses links and paths that would leave dest.
            tarred.extractall(dest, filter="data")
        else:  # Python before 3.11.4
            tarred.extractall(dest)  # a source the user chose


def _clone(url, staging):
    if not shutil.which("git"):
        raise SetupError(
            "git is needed to clone Odoo: run 'sudo apt-get install -y git'"
            " or set ODOO_SOURCE to an Odoo 18.0 source archive"
        )
    clone = ["git", "clone", "--quiet", "--depth", "1", "--branch", ODOO_BRANCH]
    if subprocess.run([*clone, url, str(staging)], check=False).returncode:
        raise SetupError(
            f"git clone of {url} failed: set ODOO_SOURCE to a local Odoo 18.0"
            " source archive or folder instead"
        )
    return staging


def _copy(folder, staging):
    root = source_root(folder)
    check_source(root or folder, f"folder {folder}")
    # A copy, so that installing never writes into the user's own tree.
    ignore = shutil.ignore_patterns(".git", "__pycache__", "*.pyc")
    shutil.copytree(root, staging, symlinks=True, ignore=ignore)
    return staging


def _unpack(archive, staging):
    staging.mkdir(parents=True)
    try:
        _extract(archive, staging)
    except (tarfile.TarError, zipfile.BadZipFile, OSError) as error:
        raise SetupError(f"cannot unpack {archive}: {error}") from error
    return source_root(staging) or staging


def fetch_source(source, dest):
    """Put the checked Odoo source root at ``dest``, which must not exist.

    Everything happens in ``<dest>.partial``; only a checked source is moved
    to ``dest``, so a refused or broken one leaves nothing behind.
    """
    staging = dest.with_name(dest.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    fetch = {"git": _clone, "folder": _copy, "archive": _unpack}[source.kind]
    try:
        root = fetch(source.location, staging)
        check_source(root, source.describe())
        root.rename(dest)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
