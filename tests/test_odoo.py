"""The addons' own Odoo tests, run by the real Odoo 18, one pytest item each.

Every addon of the repository (``dossier_crm`` and its glue modules, with the
Odoo apps they depend on) is installed with demo data on one database, and
the tests of each run there (``--test-tags=/<addon>`` for each). The suite
runs once, while pytest collects this file, so that every Odoo test method
becomes a pytest item (``<addon>/<Class>.<method>``) with its own pass/fail
and traceback.
"""

import functools
import os
import re
import subprocess
import tarfile
from pathlib import Path

import polib
import pytest
from odoo_runner import (
    ADDONS,
    REPO,
    _env,
    odoo_command,
    parse_test_log,
    run_odoo,
    unexpected_log_lines,
    workspace,
)


@functools.cache
def odoo_suite():
    ws = workspace()
    database = ws.database("tests")
    code, log = run_odoo(
        database,
        [
            "-i",
            ",".join(ADDONS),
            "--test-enable",
            "--test-tags=" + ",".join(f"/{addon}" for addon in ADDONS),
        ],
        "odoo-tests",
        ws.data_dir,
    )
    results, reported = parse_test_log(log)
    return {
        "code": code,
        "log": log,
        "results": results,
        "reported": reported,
        "db": database,
    }


def pytest_generate_tests(metafunc):
    if "odoo_test" in metafunc.fixturenames:
        results = odoo_suite()["results"]
        metafunc.parametrize("odoo_test", results, ids=[r.name for r in results])


def test_odoo_test(odoo_test):
    if odoo_test.status == "skipped":
        # scripts/test sets this with the private Odoo, which comes with all a
        # test needs (Chromium, websocket-client): a skip there is a failure.
        assert not os.environ.get("DOSSIER_NO_SKIPS"), (
            "Odoo skipped this test although everything it needs was installed:\n"
            + "\n".join(odoo_test.details)
        )
        pytest.skip("skipped by Odoo")
    assert odoo_test.status == "passed", "\n".join(odoo_test.details)


def test_odoo_suite_ran_and_reported_success():
    suite = odoo_suite()
    assert suite["reported"], f"Odoo printed no test report; see {suite['log']}"
    failed, errors, total = suite["reported"]
    ran = [r for r in suite["results"] if r.name != "odoo_log_outside_tests"]
    assert total > 0, "Odoo ran no test"
    assert (failed, errors) == (0, 0), f"see {suite['log']}"
    assert len(ran) == total, f"parsed {len(ran)} tests, Odoo counted {total}"
    assert suite["code"] == 0, f"Odoo exited with {suite['code']}; see {suite['log']}"


@pytest.mark.parametrize("addon", ADDONS)
def test_every_addon_has_tests_that_ran(addon):
    ran = [r for r in odoo_suite()["results"] if r.name.startswith(f"{addon}/")]
    assert ran, f"no test of {addon} ran; see {odoo_suite()['log']}"


@functools.cache
def install_without_demo():
    ws = workspace()
    database = ws.database("nodemo")
    code, log = run_odoo(
        database,
        ["-i", ",".join(ADDONS), "--without-demo=all"],
        "odoo-install-nodemo",
        ws.data_dir,
    )
    return {"code": code, "log": log, "db": database}


def test_install_without_demo_logs_no_warning():
    install = install_without_demo()
    assert install["code"] == 0, f"install failed; see {install['log']}"
    assert unexpected_log_lines(install["log"]) == []


def _msgids(pofile):
    return {(entry.msgctxt, entry.msgid) for entry in pofile if not entry.obsolete}


@functools.cache
def exported_templates():
    """Every addon's template as Odoo exports it today, from the database
    without demo data (demo records are not translated): one export of all
    the addons into a .tgz holding <addon>/i18n/<addon>.pot each."""
    install = install_without_demo()
    exported = Path(workspace().data_dir) / "i18n.tgz"
    code, log = run_odoo(
        install["db"],
        [f"--i18n-export={exported}", f"--modules={','.join(ADDONS)}"],
        "odoo-i18n-export",
        workspace().data_dir,
    )
    assert code == 0 and exported.exists(), f"export failed; see {log}"
    with tarfile.open(exported) as archive:
        return {
            Path(member.name).parts[0]: archive.extractfile(member).read().decode()
            for member in archive.getmembers()
            if member.isfile()
        }


@pytest.mark.parametrize("addon", ADDONS)
def test_pot_template_is_current(addon):
    """The committed .pot lists exactly the strings Odoo exports today."""
    exported = exported_templates()
    assert addon in exported, f"Odoo exported no string of {addon}"
    committed = polib.pofile(str(REPO / addon / "i18n" / f"{addon}.pot"))
    fresh = polib.pofile(exported[addon])
    missing = _msgids(fresh) - _msgids(committed)
    stale = _msgids(committed) - _msgids(fresh)
    assert not missing and not stale, (
        f"{addon}/i18n/{addon}.pot is out of date, run scripts/i18n-update "
        f"(missing {sorted(missing)[:5]}, stale {sorted(stale)[:5]})"
    )


# 'certificate' ships in Community although its 18.0 manifest says OEEL-1.
COMMUNITY_DESPITE_LABEL = {"certificate"}


def test_addons_path_has_no_enterprise_module():
    """The product is Community only: no OEEL/OPL module may be loadable."""
    offenders = []
    for path in _env("DOSSIER_ADDONS_PATH").split(","):
        for manifest in Path(path).glob("*/__manifest__.py"):
            text = manifest.read_text(encoding="utf-8", errors="replace")
            if re.search(r"""['"]license['"]\s*:\s*['"](OEEL-1|OPL-1)""", text):
                offenders.append(manifest.parent.name)
    assert sorted(set(offenders) - COMMUNITY_DESPITE_LABEL) == []


def test_odoo_is_version_18():
    out = subprocess.run(
        [*odoo_command(), "--version"], capture_output=True, text=True, check=True
    ).stdout
    assert re.search(r"\b18\.0", out), out
