"""The order in which scripts/odoo-env.sh looks for Odoo 18 (README).

Each test runs the real shell code in a copy of scripts/ with fake Odoo
executables that answer --version and --save as Odoo does.
"""

import os
import shutil
import subprocess

import pytest
from odoo_runner import REPO

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
