"""The private Odoo in ``.odoo/``: installed once, redone if interrupted."""

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

from .common import SetupError, elapsed, run_logged, say
from .packages import BUILD_PACKAGES, ensure_packages
from .source import addons_dirs, choose_source, fetch_source

# Odoo 18 supports these Pythons (its requirements.txt pins wheels for them).
SUPPORTED_PYTHON = ((3, 10), (3, 12))
PYTHONS = ("python3.12", "python3.11", "python3.10")
# cbor2 5.4.2 (pinned by Odoo for Python < 3.12) builds only with these.
BUILD_TOOLS = ("setuptools<70", "setuptools_scm<8", "wheel")
# The addon's browser tests drive Chromium through Odoo's websocket client.
TEST_TOOLS = ("websocket-client>=1.0,<2",)


class OdooInstall:
    """The layout of ``.odoo/``: source, virtualenv, launcher and marker.

    The marker is written last, so a folder without it is an install that was
    interrupted: it is wiped and done again (the PostgreSQL data is kept).
    """

    def __init__(self, base):
        self.base = Path(base)
        self.src = self.base / "src"
        self.venv = self.base / "venv"
        self.python = self.venv / "bin" / "python"
        self.launcher = self.base / "bin" / "odoo"
        self.marker = self.base / "installed.json"
        self.log = self.base / "install.log"
        self._parts = (self.src, self.src.with_name("src.partial"), self.venv)

    def state(self):
        """``complete``, ``partial`` (interrupted) or ``absent``."""
        if self.marker.exists():
            try:
                json.loads(self.marker.read_text(encoding="utf-8"))
            except ValueError:
                return "partial"
            whole = self.launcher.exists() and self.python.exists()
            return "complete" if whole else "partial"
        if any(path.exists() for path in (*self._parts, self.launcher)):
            return "partial"
        return "absent"

    def wipe(self):
        self.marker.unlink(missing_ok=True)
        self.launcher.unlink(missing_ok=True)
        for path in self._parts:
            shutil.rmtree(path, ignore_errors=True)

    def addons_path(self):
        return ",".join(str(path) for path in addons_dirs(self.src))


def pick_python():
    """A Python that Odoo 18 supports: this one, else python3.12/3.11/3.10."""
    low, high = SUPPORTED_PYTHON
    if low <= sys.version_info[:2] <= high:
        return sys.executable
    for name in PYTHONS:
        if shutil.which(name):
            return shutil.which(name)
    raise SetupError(
        f"Odoo 18 needs Python 3.10 to 3.12 (this is {sys.version.split()[0]}):"
        " install one, e.g. 'sudo apt-get install -y python3.11-venv'"
    )


def _install_requirements(layout, python):
    run_logged([python, "-m", "venv", layout.venv], layout.log, "creating the venv")
    pip = [layout.python, "-m", "pip", "--disable-pip-version-check", "install", "-q"]
    requirements = layout.src / "requirements.txt"
    steps = (
        ([*pip, *BUILD_TOOLS], "pip install of the build tools"),
        ([*pip, "--no-build-isolation", "-r", requirements], "pip install -r"),
        ([*pip, *TEST_TOOLS], "pip install of the test tools"),
    )
    for cmd, what in steps:
        run_logged(cmd, layout.log, what)
    # Odoo's source on the venv's path: what an editable install does, without
    # the setuptools<70 launcher that fails on pkg_resources.
    purelib = subprocess.run(
        [layout.python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    Path(purelib, "odoo-source.pth").write_text(f"{layout.src}\n", encoding="utf-8")


def _write_launcher(layout):
    entry = layout.src / "odoo-bin"  # git; the release archives have setup/odoo
    if not entry.exists():
        entry = layout.src / "setup" / "odoo"
    layout.launcher.parent.mkdir(exist_ok=True)
    layout.launcher.write_text(
        "#!/bin/sh\n"
        "# The private Odoo of scripts/bootstrap; remove .odoo/ to start over.\n"
        "# The venv first on PATH: Odoo restarts itself after installing modules\n"
        "# by running 'python' again, which must be this venv's.\n"
        f'PATH="{layout.venv}/bin:$PATH"\nexport PATH\n'
        f'exec "{layout.python}" "{entry}" "$@"\n',
        encoding="utf-8",
    )
    layout.launcher.chmod(0o755)
    done = subprocess.run(
        [layout.launcher, "--version"], capture_output=True, text=True, check=False
    )
    if done.returncode or " 18.0" not in done.stdout:
        said = (done.stdout + done.stderr).strip().replace("\n", " ")[-200:]
        raise SetupError(f"the installed Odoo does not start: {said}; see {layout.log}")
    return done.stdout.strip()


def install_odoo(layout, source, python):
    """Source, virtualenv, launcher, each timed; the marker goes last."""
    layout.base.mkdir(parents=True, exist_ok=True)
    layout.log.write_text("", encoding="utf-8")
    start = time.monotonic()
    say(f"Odoo source: {source.describe()}")
    fetch_source(source, layout.src)
    say(f"  source ready ({elapsed(start)})")
    step = time.monotonic()
    say(f"Python packages into {layout.venv} (Odoo's requirements.txt)")
    _install_requirements(layout, python)
    say(f"  Python packages ready ({elapsed(step)})")
    version = _write_launcher(layout)
    info = {
        "source": source.describe(),
        "version": version,
        "python": python,
        "seconds": round(time.monotonic() - start),
    }
    layout.marker.write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    say(f"{version} installed in {layout.base} ({elapsed(start)})")


def ensure_odoo(
    base, source_value, *, packages=ensure_packages, installer=install_odoo
):
    """Install the private Odoo unless a complete one is there; return it."""
    layout = OdooInstall(base)
    state = layout.state()
    if state == "complete":
        return layout
    if state == "partial":
        say(f"{layout.base} holds an interrupted install: installing again")
        layout.wipe()
    source = choose_source(source_value)
    python = pick_python()
    say(f"installing a private Odoo 18.0 Community into {layout.base} (once)")
    packages(BUILD_PACKAGES)
    try:
        installer(layout, source, python)
    except BaseException:
        # No marker: the next run sees "partial" and starts over.
        layout.marker.unlink(missing_ok=True)
        raise
    return layout
