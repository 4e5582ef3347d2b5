"""ruff and pylint-odoo, configured in ruff.toml and .pylintrc, are clean on
every addon of the repository (ruff also on the tools)."""

import subprocess
import sys

from odoo_runner import ADDONS, REPO


def _run(*args):
    return subprocess.run(
        [sys.executable, "-m", *args],
        check=False,
        cwd=REPO,
        capture_output=True,
        text=True,
    )


def test_ruff_check():
    result = _run("ruff", "check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format():
    result = _run("ruff", "format", "--check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_pylint_odoo():
    result = _run("pylint", "--rcfile=.pylintrc", *ADDONS)
    assert result.returncode == 0, result.stdout + result.stderr
