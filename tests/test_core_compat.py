"""Odoo's own behaviour is unchanged by the addons of this repository.

A selection of Odoo's own tests (see ``core_compat.SELECTIONS``) runs on a
database with the modules an addon extends and on a copy with the addon
installed. Each Odoo test is a pytest item: it fails when the test passes
without the addon and not with it; a test failing without the addon too is
reported as xfail (with the reason) and does not fail the run.

The runs happen while pytest collects this file, like ``test_odoo.py``.
``DOSSIER_SKIP_CORE_COMPAT=1`` skips them for a quick local run, and
``DOSSIER_CORE_COMPAT_ADDONS=dossier_crm_sale,...`` runs only those addons'
selections; both are ignored when ``CI`` is set.
"""

import functools
import os
import warnings

import pytest
from core_compat import compare, install_warnings, plan, run_plan
from odoo_runner import ADDONS

if os.environ.get("DOSSIER_SKIP_CORE_COMPAT") and not os.environ.get("CI"):
    pytest.skip(
        "Odoo's core tests skipped (DOSSIER_SKIP_CORE_COMPAT is set)",
        allow_module_level=True,
    )


def _addons():
    only = os.environ.get("DOSSIER_CORE_COMPAT_ADDONS")
    if not only or os.environ.get("CI"):
        return ADDONS
    return [addon for addon in ADDONS if addon in only.split(",")]


@functools.cache
def core_runs():
    runs = {}
    for addon in _addons():
        plan_ = plan(addon)
        without, with_addon, timings = run_plan(plan_)
        runs[addon] = {
            "plan": plan_,
            "without": without,
            "with": with_addon,
            "timings": timings,
            "comparisons": compare(addon, without, with_addon),
        }
        print(  # shown with -s; the durations also go to the summary item
            f"core tests for {addon}: "
            + ", ".join(f"{k} {v:.0f}s" for k, v in timings.items())
        )
    return runs


def pytest_generate_tests(metafunc):
    if "core_test" in metafunc.fixturenames:
        comparisons = [c for run in core_runs().values() for c in run["comparisons"]]
        metafunc.parametrize(
            "core_test", comparisons, ids=[c.name for c in comparisons]
        )
    if "addon" in metafunc.fixturenames:
        metafunc.parametrize("addon", list(core_runs()))


def _first_line(outcome):
    lines = [line for line in outcome["details"].splitlines() if line.strip()]
    return lines[-1][:200] if lines else outcome["status"]


def test_core_test(core_test):
    before, after = core_test.without, core_test.with_addon
    if after["status"] == "passed":
        return
    if before["status"] == "skipped" and after["status"] == "skipped":
        pytest.skip(f"skipped by Odoo: {after['details'][:200]}")
    if before["status"] != "passed" and before["status"] != "skipped":
        pytest.xfail(
            f"{before['status']} without {core_test.addon} too: {_first_line(before)}"
        )
    pytest.fail(
        f"{before['status']} without {core_test.addon}, {after['status']} with it:\n"
        f"{after['details']}",
        pytrace=False,
    )


def test_core_selection_ran_on_both_databases(addon):
    run = core_runs()[addon]
    for key in ("without", "with"):
        database = run[key]
        assert database.install_code == 0, f"install failed; see {database.install_log}"
        assert not database.error, database.error
    selected = [set(run[key].results["selected"]) for key in ("without", "with")]
    assert selected[0], "the selection matched no Odoo test"
    assert selected[0] == selected[1], "the two runs selected different tests"
    failing_without = [
        c.name
        for c in run["comparisons"]
        if c.without["status"] not in ("passed", "skipped")
    ]
    if failing_without:
        warnings.warn(
            f"{len(failing_without)} of {len(selected[0])} Odoo tests fail without "
            f"{addon} too (reported as xfail): {', '.join(failing_without)}",
            stacklevel=1,
        )
    timings = ", ".join(f"{k} {v:.0f}s" for k, v in run["timings"].items())
    warnings.warn(
        f"{addon}: {len(selected[0])} Odoo tests ({timings})",
        stacklevel=1,
    )


def test_addon_installs_without_warning_on_a_database_in_use(addon):
    run = core_runs()[addon]["with"]
    assert run.install_code == 0, f"install failed; see {run.install_log}"
    assert install_warnings(run) == []
