"""``pip install .`` must ship every addon of the repository, each as
``odoo.addons.<name>``."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from odoo_runner import ADDONS, MAIN_ADDON, REPO


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


def _tracked_addon_files(addon):
    listed = subprocess.run(
        ["git", "ls-files", addon],
        cwd=REPO,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    return {str(Path(f).relative_to(addon)) for f in listed}


@pytest.mark.parametrize("addon", ADDONS)
def test_wheel_holds_every_addon_file(wheel, addon):
    prefix = f"odoo/addons/{addon}/"
    with zipfile.ZipFile(wheel) as archive:
        shipped = {n[len(prefix) :] for n in archive.namelist() if n.startswith(prefix)}
    tracked = _tracked_addon_files(addon)
    assert tracked, f"{addon} has no file in git"
    assert tracked - shipped == set()
    assert {"__manifest__.py", "i18n/ru.po", "static/description/icon.png"} <= shipped


def test_wheel_does_not_shadow_odoo_namespace(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    assert "odoo/__init__.py" not in names
    assert "odoo/addons/__init__.py" not in names
    prefixes = tuple(f"odoo/addons/{addon}/" for addon in ADDONS)
    assert all(n.startswith((*prefixes, "odoo_addon_")) for n in names), names


def test_wheel_version_is_the_main_addons_version(wheel):
    manifest = (REPO / MAIN_ADDON / "__manifest__.py").read_text(encoding="utf-8")
    version = wheel.name.split("-")[1]
    assert f'"version": "{version}"' in manifest
