import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import odoo_runner


@pytest.fixture(scope="session", autouse=True)
def _odoo_workspace_cleanup():
    yield
    odoo_runner.cleanup_workspace()
