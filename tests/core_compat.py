"""Odoo's own tests, run with and without each addon of this repository.

For every addon of the repository root (a folder with ``__manifest__.py``),
a database gets the Odoo modules the addon needs (its ``depends`` outside
the repository, and for a glue module those of the addon it extends; with
demo data) plus the test modules its selection needs; a copy of it then gets
the addon (a glue module brings the addon it extends along). The same
selection of Odoo's tests runs on both, through ``core_compat_driver.py`` in
``odoo shell``: with the whole registry loaded, so that at_install tests of
the core modules see the addon's code.

Odoo, its addons path and PostgreSQL come from ``odoo_runner`` (set by
``scripts/test``), like the addon's own tests.
"""

import json
import os
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from odoo_runner import (
    LOG_DIR,
    MANIFESTS,
    REPO,
    OdooNotConfigured,
    _env,
    db_args,
    free_port,
    odoo_command,
    pg_tool,
    run_odoo,
    unexpected_log_lines,
    workspace,
)

DRIVER = Path(__file__).with_name("core_compat_driver.py")

# The browser tours of the selection. On the shared 2-core CI machine their
# web client is not ready within the tour's 60 s timeout, with or without the
# addon (measured): they would only add xfail items and 15 minutes. The
# forms they drive are covered by the Form() tests of the addon
# (dossier_crm/tests/test_core_compat_access.py) and its own tours.
BROWSER_TOURS = [
    "-/crm:TestUi",  # test_crm_ui and test_sales_team_ui
    "-/contacts:TestUi",
    "-/calendar:TestCalendarTours",
    "-/mail:TestMailActivityChatter",
    "-/test_mail:TestTours",
]

# Core tests chosen for an addon: what the people using the apps it extends
# rely on. ``install`` lists the test modules the tags need (installed on
# both databases). Tags are Odoo's --test-tags syntax.
SELECTIONS = {
    "dossier_crm": {
        "install": ["test_mail"],
        "tags": [
            "/crm",
            "/contacts",
            "/calendar",
            "/base/tests/test_res_partner.py",
            "/base/tests/test_res_partner_merge.py",
            "/mail/tests/test_res_partner.py",
            "/mail/tests/test_mail_activity.py",
            "/test_mail/tests/test_message_post.py",
            "/test_mail/tests/test_mail_activity.py",
            "/account/tests/test_account_move_out_invoice.py",
            "/account/tests/test_account_payment.py",
            "/account/tests/test_account_payment_register.py",
            # The dossier extends the privacy lookup's search and erasure.
            "/privacy_lookup",
            *BROWSER_TOURS,
        ],
    },
    # Glue modules: the core tests of what they read and show, a few files
    # each, so that CI stays short (each costs two installs and two runs).
    "dossier_crm_sale": {
        "tags": [
            "/sale/tests/test_sale_order.py",
            "/sale/tests/test_sale_to_invoice.py",
            "/sale/tests/test_sale_order_cancel.py",
            "/sale/tests/test_access_rights.py",
        ],
    },
    "dossier_crm_event": {
        "tags": [
            "/event/tests/test_event_internals.py",
            "/event/tests/test_event_flow.py",
        ],
    },
    "dossier_crm_mass_mailing": {
        "tags": [
            "/mass_mailing/tests/test_mailing_internals.py",
            "/mass_mailing/tests/test_mailing_list.py",
        ],
    },
}

# For an addon without an entry above: the tests of each core module it
# depends on, all of them unless a module is too big to run whole.
CORE_MODULE_TAGS = {
    "base": ["/base/tests/test_res_partner.py", "/base/tests/test_res_users.py"],
    "mail": ["/mail/tests/test_res_partner.py", "/mail/tests/test_mail_activity.py"],
    "account": [
        "/account/tests/test_account_move_out_invoice.py",
        "/account/tests/test_account_payment.py",
    ],
    "web": [],
}

DRIVER_TIMEOUT = 45 * 60  # seconds; a hung browser test must not hang CI


@dataclass
class Plan:
    addon: str
    depends: list
    install: list  # modules of the database without the addon
    tags: list

    @property
    def test_modules(self):
        """The modules whose tests the tags name ('/crm:Class' -> 'crm')."""
        names = []
        for tag in self.tags:
            if tag.startswith("-"):
                continue
            module = tag.split("/", 1)[1].split("/")[0].split(":")[0].split(".")[0]
            if module not in names:
                names.append(module)
        return names


@dataclass
class Run:
    database: str
    install_code: int = 0
    install_log: Path = None
    results: dict = field(default_factory=dict)
    log: Path = None
    error: str = ""
    seconds: float = 0.0


def core_modules(addon, addons):
    """The Odoo modules an addon needs: its depends outside the repository
    and, for a glue module, those of the repository addons it extends."""
    modules = []
    for dep in addons[addon].get("depends", []):
        for module in core_modules(dep, addons) if dep in addons else [dep]:
            if module not in modules:
                modules.append(module)
    return modules


def plan(addon, addons=None):
    addons = addons if addons is not None else MANIFESTS
    depends = list(addons[addon].get("depends", []))
    selection = SELECTIONS.get(addon)
    if selection:
        tags, extra = list(selection["tags"]), list(selection.get("install", []))
    else:
        # The tests of the core modules it extends (a glue module's apps;
        # the run of the addon it extends covers that addon's own).
        tags = [
            tag
            for dep in depends
            if dep not in addons
            for tag in CORE_MODULE_TAGS.get(dep, [f"/{dep}"])
        ]
        extra = []
    # The database without the addon has only Odoo's modules: a glue module
    # installs itself (auto_install) where the addon it extends and its app
    # are both installed, so the repository addons come with it, into the copy.
    install = list(dict.fromkeys(core_modules(addon, addons) + extra))
    return Plan(addon, depends, install, tags)


def odoo_subcommand(name):
    """The Odoo command with a subcommand (``shell``) where Odoo expects it:
    right after the executable, before any option such as ``-c``."""
    cmd = odoo_command()
    for index, arg in enumerate(cmd):
        if Path(arg).name in ("odoo", "odoo-bin") or (
            index and cmd[index - 1] == "-m" and arg == "odoo"
        ):
            return [*cmd[: index + 1], name, *cmd[index + 1 :]]
    # An executable of another name: before its first option.
    for index, arg in enumerate(cmd[1:], start=1):
        if arg.startswith("-") and arg != "-m" and cmd[index - 1] != "-m":
            return [*cmd[:index], name, *cmd[index:]]
    return [*cmd, name]


def _start_driver(plan_, run, data_dir):
    LOG_DIR.mkdir(exist_ok=True)
    run.log = LOG_DIR / f"core-{run.database.rsplit('_', 1)[-1]}-{plan_.addon}.log"
    run.log.unlink(missing_ok=True)
    result_file = Path(data_dir) / f"{run.database}.json"
    result_file.unlink(missing_ok=True)
    env = dict(os.environ)
    env["DOSSIER_CORE_COMPAT"] = json.dumps(
        {
            "database": run.database,
            "test_tags": ",".join(plan_.tags),
            "modules": plan_.test_modules,
            "result_file": str(result_file),
        }
    )
    cmd = [
        *odoo_subcommand("shell"),
        "--test-enable",
        *db_args(),
        # The one database of this run: HttpCase requests without a session
        # (a meeting invitation link) find it as Odoo's only database.
        f"--db-filter=^{run.database}$",
        f"--addons-path={_env('DOSSIER_ADDONS_PATH')}",
        f"--data-dir={data_dir}",
        f"--http-port={free_port()}",
        "--http-interface=127.0.0.1",
        "--max-cron-threads=0",
        "--log-level=info",
        f"--logfile={run.log}",
    ]
    # pylint: disable=consider-using-with
    with open(DRIVER, encoding="utf-8") as stdin:
        process = subprocess.Popen(
            cmd,
            cwd=REPO,
            env=env,
            stdin=stdin,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
    return process, result_file


def _finish_driver(run, process, result_file, started):
    try:
        _, stderr = process.communicate(timeout=DRIVER_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        _, stderr = process.communicate()
        run.error = f"timed out after {DRIVER_TIMEOUT}s; see {run.log}"
    run.seconds = time.time() - started
    error_file = Path(f"{result_file}.error")
    if error_file.exists():
        run.error = error_file.read_text(encoding="utf-8")
    elif result_file.exists():
        run.results = json.loads(result_file.read_text(encoding="utf-8"))
    elif not run.error:
        run.error = f"no results (exit {process.returncode}): {stderr[-3000:]}"


def run_plan(plan_):
    """Install both databases and run the selection on them (in parallel:
    the runs are independent). Returns (without, with) Runs and timings."""
    ws = workspace()
    without = Run(ws.database(f"core_{plan_.addon}_without"))
    with_addon = Run(ws.database(f"core_{plan_.addon}_with"))
    timings = {}
    started = time.time()
    without.install_code, without.install_log = run_odoo(
        without.database,
        ["-i", ",".join(plan_.install)],
        f"core-install-without-{plan_.addon}",
        ws.data_dir,
    )
    timings["install without"] = time.time() - started
    if without.install_code:
        return without, with_addon, timings
    # The addon goes into a copy, as into an Odoo in use: same modules, same data.
    copied = pg_tool("createdb", "-T", without.database, with_addon.database)
    if copied.returncode:
        raise OdooNotConfigured(f"createdb failed: {copied.stderr}")
    started = time.time()
    with_addon.install_code, with_addon.install_log = run_odoo(
        with_addon.database,
        ["-i", plan_.addon],
        f"core-install-with-{plan_.addon}",
        ws.data_dir,
    )
    timings["install addon"] = time.time() - started
    if with_addon.install_code:
        return without, with_addon, timings
    started = time.time()
    processes = [
        (run, *_start_driver(plan_, run, ws.data_dir)) for run in (without, with_addon)
    ]
    for run, process, result_file in processes:
        _finish_driver(run, process, result_file, started)
    timings["tests without"] = without.seconds
    timings["tests with"] = with_addon.seconds
    return without, with_addon, timings


def install_warnings(run):
    return unexpected_log_lines(run.install_log) if run.install_log else []


@dataclass
class Comparison:
    """One Odoo test, as it went without and with the addon."""

    addon: str
    test_id: str
    without: dict
    with_addon: dict

    @property
    def name(self):
        short = self.test_id.replace("odoo.addons.", "").replace(".tests.", ".")
        return f"{self.addon}/{short}"


def compare(addon, without, with_addon):
    before = without.results.get("outcomes", {})
    after = with_addon.results.get("outcomes", {})
    missing = {"status": "not run", "details": "not in this run"}
    return [
        Comparison(
            addon, test_id, before.get(test_id, missing), after.get(test_id, missing)
        )
        for test_id in sorted(set(before) | set(after))
    ]
