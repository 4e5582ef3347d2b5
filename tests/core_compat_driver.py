"""Run a selection of Odoo's own tests on a fully loaded registry.

Executed by ``odoo shell --test-enable`` from its standard input (see
``core_compat.py``), so it runs in the Python that runs Odoo, with Odoo's
configuration parsed and its HTTP server started for HttpCase tests. The
parameters come as JSON in ``DOSSIER_CORE_COMPAT``: the database, the test
tags, the modules whose tests are loaded and the file the results go to.

Why not ``odoo --test-tags`` alone: without ``-u`` Odoo runs the at_install
tests of each module right after loading that module, before the modules
that depend on it (dossier_crm) are in the registry, so they would never see
the addon. Here the registry is loaded first, whole and without update, and
only then the at_install and the post_install tests run, in that order.
"""

import json
import os
import threading
import time
import traceback

from odoo.api import SUPERUSER_ID, Environment
from odoo.modules import module as odoo_module
from odoo.modules.registry import Registry
from odoo.service import server as odoo_server
from odoo.tests import loader
from odoo.tests.result import OdooTestResult
from odoo.tools import config

PARAMS = json.loads(os.environ["DOSSIER_CORE_COMPAT"])
MAX_DETAILS = 6000  # characters of traceback kept per test


class RecordingResult(OdooTestResult):
    """Odoo's result (it logs as usual) that also remembers each test's outcome."""

    def __init__(self, outcomes, **kwargs):
        super().__init__(**kwargs)
        self.outcomes = outcomes

    @staticmethod
    def _test_id(test):
        # A failing subTest counts for the test method it belongs to.
        return getattr(test, "test_case", test).id()

    def _note(self, test, status, details=""):
        outcome = self.outcomes.setdefault(
            self._test_id(test), {"status": "passed", "details": ""}
        )
        # A failure of one subtest or a tearDown error outweighs a pass.
        if outcome["status"] != "failed":
            outcome["status"] = status
        if details:
            outcome["details"] = (outcome["details"] + details)[-MAX_DETAILS:]

    def startTest(self, test):
        super().startTest(test)
        self._note(test, "passed")

    def addError(self, test, err):
        super().addError(test, err)
        self._note(test, "failed", self._exc_info_to_string(err, test))

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._note(test, "failed", self._exc_info_to_string(err, test))

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self._note(test, "skipped", reason)


def run(suite, outcomes, registry):
    # What odoo.tests.loader.run_suite does, with our result object.
    odoo_module.current_test = True
    threading.current_thread().testing = True
    try:
        suite(RecordingResult(outcomes, global_report=registry._assertion_report))
    finally:
        threading.current_thread().testing = False
        odoo_module.current_test = False


def serve_http():
    """``odoo shell`` starts Odoo's HTTP server and stops it at once (it runs
    the server with stop=True, which closes its socket); HttpCase tests need
    it: start it again, on the same interface and port."""
    if odoo_server.server is None:
        raise RuntimeError("odoo shell started no server")
    odoo_server.server.http_spawn()


def main():
    serve_http()
    database = PARAMS["database"]
    threading.current_thread().dbname = database
    config["db_name"] = database
    # Load the registry without running any test while modules load.
    config["test_tags"] = "-at_install,-post_install"
    started = time.time()
    registry = Registry(database)
    loaded = time.time()
    config["test_tags"] = PARAMS["test_tags"]
    modules = [m for m in PARAMS["modules"] if m in registry._init_modules]
    suites = {
        position: loader.make_suite(modules, position)
        for position in ("at_install", "post_install")
    }
    if any(suite.has_http_case() for suite in suites.values()):
        # As odoo.service.server.preload_registries does before HttpCase tests.
        with registry.cursor() as cr:
            Environment(cr, SUPERUSER_ID, {})["ir.qweb"]._pregenerate_assets_bundles()
    selected = [t.id() for suite in suites.values() for t in suite]
    outcomes = {}
    for suite in suites.values():
        run(suite, outcomes, registry)
    for test_id in selected:
        # Tests of a class whose setUpClass failed never start: that error
        # (an outcome of its own) is their result.
        outcomes.setdefault(test_id, {"status": "not run", "details": ""})
    with open(PARAMS["result_file"], "w", encoding="utf-8") as out:
        json.dump(
            {
                "modules": modules,
                "selected": selected,
                "outcomes": outcomes,
                "load_seconds": round(loaded - started, 1),
                "test_seconds": round(time.time() - loaded, 1),
            },
            out,
            indent=1,
        )


try:
    main()
except Exception:
    # The shell would print it to stderr and exit 0: leave a trace the
    # caller cannot mistake for results.
    with open(PARAMS["result_file"] + ".error", "w", encoding="utf-8") as out:
        out.write(traceback.format_exc())
    raise
