"""Each glue module installs alone with the addon it extends and its Odoo app,
and is installed by itself when both sides are there (``auto_install``).

A database gets ``dossier_crm`` with demo data; for each glue module a copy
of it gets only the glue module's apps (``sale`` for ``dossier_crm_sale``):
Odoo must then install the glue module, and no other addon of the
repository, without a warning. Install only: the glue modules' tests run in
``test_odoo.py``, on the database with every addon.
"""

import functools

import pytest
from odoo_runner import (
    ADDONS,
    GLUE_MODULES,
    MAIN_ADDON,
    MANIFESTS,
    OdooNotConfigured,
    pg_tool,
    run_odoo,
    unexpected_log_lines,
    workspace,
)


@functools.cache
def main_addon_database():
    ws = workspace()
    database = ws.database("alone")
    code, log = run_odoo(
        database, ["-i", MAIN_ADDON], "odoo-install-alone", ws.data_dir
    )
    assert code == 0, f"{MAIN_ADDON} did not install; see {log}"
    return database


@functools.cache
def install_apps_of(glue):
    """Install the glue module's apps (and the repository addons it extends
    besides the main one) into a copy of the main addon's database."""
    ws = workspace()
    database = ws.database(f"alone_{glue}")
    copied = pg_tool("createdb", "-T", main_addon_database(), database)
    if copied.returncode:
        raise OdooNotConfigured(f"createdb failed: {copied.stderr}")
    depends = MANIFESTS[glue]["depends"]
    others = [dep for dep in depends if dep in ADDONS and dep != MAIN_ADDON]
    code, log = run_odoo(
        database,
        ["-i", ",".join(GLUE_MODULES[glue] + others)],
        f"odoo-install-alone-{glue}",
        ws.data_dir,
    )
    listed = pg_tool(
        "psql",
        "-d",
        database,
        "-Atc",
        "SELECT name FROM ir_module_module WHERE state = 'installed'",
    )
    installed = set(listed.stdout.split()) & set(ADDONS)
    return {"code": code, "log": log, "installed": installed, "others": others}


@pytest.mark.parametrize("glue", list(GLUE_MODULES))
def test_glue_module_is_auto_installed_alone_with_its_app(glue):
    install = install_apps_of(glue)
    assert install["code"] == 0, f"install failed; see {install['log']}"
    assert install["installed"] == {MAIN_ADDON, glue, *install["others"]}


@pytest.mark.parametrize("glue", list(GLUE_MODULES))
def test_glue_module_installs_alone_without_warning(glue):
    install = install_apps_of(glue)
    assert unexpected_log_lines(install["log"]) == []
