"""Run the real Odoo 18 against PostgreSQL and read what its log says.

``scripts/test`` finds Odoo and PostgreSQL and passes them here through the
environment (``DOSSIER_ODOO_CMD`` as a JSON list, ``DOSSIER_ADDONS_PATH``,
``DOSSIER_DB_*``); run the tests through that script, not pytest alone.
"""

import json
import os
import re
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from repo_addons import glue_modules, repo_addons

REPO = Path(__file__).resolve().parent.parent
# Every addon of the repository root (scripts/repo_addons.py); the suite
# installs and tests them all. MAIN_ADDON is the one the others extend.
MANIFESTS = repo_addons(REPO)
ADDONS = list(MANIFESTS)
MAIN_ADDON = "dossier_crm"
GLUE_MODULES = glue_modules(MANIFESTS)
LOG_DIR = REPO / ".test-logs"

# "2026-11-27 15:51:33,140 7630 INFO dbname odoo.module: message"
RECORD = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ "
    r"(?P<level>DEBUG|INFO|WARNING|ERROR|CRITICAL|TEST|RUNBOT) "
    r"(?P<db>\S+) (?P<logger>[\w.]+): (?P<msg>.*)$"
)
REPORT = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests")
# Odoo logs a test's start and outcome on the logger of its module:
# odoo.addons.<addon>.tests.<file>.
TEST_LOGGER = re.compile(
    r"^odoo\.addons\.(?P<addon>{})\.tests(\.|$)".format(
        "|".join(map(re.escape, ADDONS))
    )
)


class OdooNotConfigured(RuntimeError):
    pass


@dataclass
class LogRecord:
    level: str
    logger: str
    msg: str
    lines: list = field(default_factory=list)

    @property
    def text(self):
        return "\n".join(self.lines)


@dataclass
class TestOutcome:
    name: str
    status: str = "passed"  # passed, failed, skipped
    details: list = field(default_factory=list)


def _env(name):
    value = os.environ.get(name)
    if not value:
        raise OdooNotConfigured(
            f"{name} is not set: run the suite with scripts/test, which finds "
            "Odoo 18 and PostgreSQL and sets it"
        )
    return value


def odoo_command():
    return json.loads(_env("DOSSIER_ODOO_CMD"))


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def db_args():
    return [
        f"--db_host={_env('DOSSIER_DB_HOST')}",
        f"--db_port={_env('DOSSIER_DB_PORT')}",
        f"--db_user={_env('DOSSIER_DB_USER')}",
        "--db-filter=.*",
    ]


def run_odoo(database, extra_args, log_name, data_dir):
    """Run Odoo once with ``--stop-after-init``; return (exit code, log path)."""
    LOG_DIR.mkdir(exist_ok=True)
    log_path = LOG_DIR / f"{log_name}.log"
    log_path.unlink(missing_ok=True)  # Odoo appends to its logfile
    cmd = [
        *odoo_command(),
        *db_args(),
        f"--addons-path={_env('DOSSIER_ADDONS_PATH')}",
        f"--data-dir={data_dir}",
        f"--http-port={free_port()}",
        "--http-interface=127.0.0.1",
        "--max-cron-threads=0",
        "--stop-after-init",
        "--log-level=info",
        f"--logfile={log_path}",
        "-d",
        database,
        *extra_args,
    ]
    completed = subprocess.run(
        cmd,
        check=False,
        cwd=REPO,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
    )
    # Odoo writes startup errors (bad options) to stderr, not to the logfile.
    if completed.stderr.strip():
        with open(log_path, "a", encoding="utf-8") as log:
            log.write("\n# stderr\n" + completed.stderr)
    return completed.returncode, log_path


def pg_tool(tool, *args):
    """Run a PostgreSQL client tool (psql, dropdb, createdb) on the suite's server."""
    return subprocess.run(
        [
            tool,
            "-h",
            _env("DOSSIER_DB_HOST"),
            "-p",
            _env("DOSSIER_DB_PORT"),
            "-U",
            _env("DOSSIER_DB_USER"),
            *args,
        ],
        check=False,
        capture_output=True,
        text=True,
    )


def drop_database(database):
    pg_tool("dropdb", "--if-exists", database)


def read_records(log_path):
    records = []
    for line in (
        Path(log_path).read_text(encoding="utf-8", errors="replace").splitlines()
    ):
        match = RECORD.match(line)
        if match:
            records.append(
                LogRecord(match["level"], match["logger"], match["msg"].strip(), [line])
            )
        elif records:
            records[-1].lines.append(line)
    return records


def parse_test_log(log_path):
    """Turn an Odoo test log into one outcome per test method, named
    ``<addon>/<Class>.<method>``.

    Errors logged outside any test (install, data loading) become an outcome
    of their own, so that they fail the run instead of passing unseen.
    """
    outcomes = {}
    current = None
    stray = TestOutcome("odoo_log_outside_tests")
    reported = None
    for record in read_records(log_path):
        from_tests = TEST_LOGGER.match(record.logger)
        addon = from_tests["addon"] if from_tests else ""
        if (
            from_tests
            and record.msg.startswith("Starting ")
            and record.msg.endswith(" ...")
        ):
            name = f"{addon}/{record.msg[9:-4]}"
            current = outcomes.setdefault(name, TestOutcome(name))
            continue
        if from_tests and record.msg.startswith("skipped "):
            name = f"{addon}/{record.msg[8:].split(' : ')[0]}"
            skipped = outcomes.setdefault(name, TestOutcome(name))
            skipped.status = "skipped"
            skipped.details.append(record.text)
            continue
        match = REPORT.search(record.msg)
        if match and "when loading database" in record.msg:
            reported = tuple(int(n) for n in match.groups())
            continue
        if record.level in ("ERROR", "CRITICAL"):
            # "FAIL: Class.test" or "FAIL: Subtest Class.test (params)"
            flagged = re.match(r"(?:FAIL|ERROR): (?:Subtest )?(\S+)", record.msg)
            if from_tests and flagged:
                name = f"{addon}/{flagged.group(1)}"
                target = outcomes.setdefault(name, TestOutcome(name))
            else:
                target = current or stray
            target.status = "failed"
            target.details.append(record.text)
    results = list(outcomes.values())
    if stray.details:
        results.append(stray)
    return results, reported


def unexpected_log_lines(log_path, levels=("WARNING", "ERROR", "CRITICAL")):
    return [r.text for r in read_records(log_path) if r.level in levels]


class Workspace:
    """A scratch data dir and database names for one pytest session."""

    def __init__(self):
        self.data_dir = tempfile.mkdtemp(prefix="dossier-odoo-")
        self.prefix = f"dossier_ci_{os.getpid()}"
        self.databases = []

    def database(self, suffix):
        name = f"{self.prefix}_{suffix}"
        drop_database(name)
        self.databases.append(name)
        return name

    def cleanup(self):
        if os.environ.get("DOSSIER_KEEP_DB"):
            return
        for name in self.databases:
            drop_database(name)
        shutil.rmtree(self.data_dir, ignore_errors=True)


_WORKSPACE = None


def workspace():
    global _WORKSPACE  # noqa: PLW0603 - one scratch area per pytest session
    if _WORKSPACE is None:
        _WORKSPACE = Workspace()
    return _WORKSPACE


def cleanup_workspace():
    if _WORKSPACE is not None:
        _WORKSPACE.cleanup()
