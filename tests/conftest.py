import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
# scripts/bootstrap, the set-up the README's commands run, is tested as a package.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

import odoo_runner


@pytest.fixture(scope="session", autouse=True)
def _odoo_workspace_cleanup():
    yield
    odoo_runner.cleanup_workspace()
