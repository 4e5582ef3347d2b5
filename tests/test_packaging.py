"""``pip install .`` must ship the whole addon as odoo.addons.dossier_crm."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from odoo_runner import MODULE, REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-q",
            "-w",
            str(out),
            str(REPO),
        ],
        check=True,
        stdin=subprocess.DEVNULL,
    )
    (path,) = out.glob("*.whl")
    return path


def _tracked_addon_files():
    listed = subprocess.run(
        ["git", "ls-files", MODULE],
        cwd=REPO,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    return {str(Path(f).relative_to(MODULE)) for f in listed}


def test_wheel_holds_every_addon_file(wheel):
    prefix = f"odoo/addons/{MODULE}/"
    with zipfile.ZipFile(wheel) as archive:
        shipped = {n[len(prefix) :] for n in archive.namelist() if n.startswith(prefix)}
    assert _tracked_addon_files() - shipped == set()
    assert {"__manifest__.py", "i18n/ru.po", "static/description/icon.png"} <= shipped


def test_wheel_does_not_shadow_odoo_namespace(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    assert "odoo/__init__.py" not in names
    assert "odoo/addons/__init__.py" not in names
    assert all(
        n.startswith((f"odoo/addons/{MODULE}/", "odoo_addon_")) for n in names
    ), names


def test_wheel_version_is_manifest_version(wheel):
    manifest = (REPO / MODULE / "__manifest__.py").read_text(encoding="utf-8")
    version = wheel.name.split("-")[1]
    assert f'"version": "{version}"' in manifest
