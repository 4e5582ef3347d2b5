"""Benchmark of the client brief: how long its reader waits for the PDF.

Times the brief of the demo's busiest client (the client with the most
logged contacts) as its reader gets it: a logged-in HTTP request to
``/report/pdf/dossier_crm.report_dossier_brief/<id>`` (the QWeb render with
the reader's rights, then wkhtmltopdf fetching the styles from the server),
and the same brief as HTML (``/report/html/...``: the server's share alone).
It prints the median of ``--runs`` warm runs of each, and the PDF's page
count of every client with ``--all-clients``.

It is not part of the test suite (pytest collects only ``test_*.py``). Run it
with the Python that runs Odoo 18, from the repository root, on a database
with Dossier CRM and its demo data (e.g. one that ``scripts/serve`` made);
arguments it does not know go to Odoo, as on Odoo's command line::

    .odoo/venv/bin/python tests/bench_brief.py -d dossier_demo \\
        --addons-path=.odoo/src/odoo/addons,. --db_host=127.0.0.1 \\
        --db_user=odoo --http-port=8070

It serves the database itself on ``--http-port`` (keep another Odoo off that
port) and, for the run only, points ``report.url`` at it so that wkhtmltopdf
fetches the styles there.
"""

import argparse
import json
import re
import statistics
import sys
import time
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import odoo
from odoo import api
from odoo.modules.registry import Registry
from odoo.service.server import ThreadedServer
from odoo.tools import config

BRIEF = "dossier_crm.report_dossier_brief"
# A page object of the PDF, not the /Pages tree that lists them.
PDF_PAGE = re.compile(rb"/Type\s*/Page(?![s\w])")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per measure")
    parser.add_argument(
        "--login", default="anna", help="the reader (password = login, as in the demo)"
    )
    parser.add_argument("--password", help="the reader's password, if not the login")
    parser.add_argument(
        "--all-clients",
        action="store_true",
        help="also print the page count of every client's brief",
    )
    parser.add_argument(
        "--save", metavar="DIR", help="write the PDFs of --all-clients into DIR"
    )
    own, odoo_args = parser.parse_known_args()
    if not any(arg.startswith("--log-level") for arg in odoo_args):
        odoo_args.append("--log-level=warn")
    # wkhtmltopdf's own warnings (e.g. an unpatched Qt) on every print.
    odoo_args.append("--log-handler=odoo.addons.base.models.ir_actions_report:ERROR")
    config.parse_config(odoo_args)
    if not config["db_name"]:
        parser.error("give the database with -d NAME")
    return own, config["db_name"]


class Reader:
    """A logged-in web session of the reader on the benchmark's server."""

    def __init__(self, base_url, db_name, login, password):
        self.base_url = base_url
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar())
        )
        answer = self.post(
            "/web/session/authenticate",
            {"db": db_name, "login": login, "password": password},
        )
        if answer.get("error") or not answer["result"].get("uid"):
            sys.exit(f"cannot log in as {login}: {answer.get('error')}")

    def post(self, path, params):
        body = json.dumps({"jsonrpc": "2.0", "params": params}).encode()
        request = urllib.request.Request(
            self.base_url + path,
            data=body,
            headers={"Content-Type": "application/json"},
        )
        with self.opener.open(request) as response:
            return json.load(response)

    def get(self, path):
        """The body of ``path`` and the seconds it took."""
        started = time.perf_counter()
        with self.opener.open(self.base_url + path) as response:
            body = response.read()
        return body, time.perf_counter() - started


def clients_by_contacts(env):
    """The demo clients, those with the most logged contacts first."""
    counts = dict(
        env["dossier.contact"]._read_group(
            [], groupby=["partner_id"], aggregates=["__count"]
        )
    )
    clients = env["res.partner"].search([("dossier_is_client", "=", True)])
    return sorted(clients, key=lambda client: (-counts.get(client, 0), client.id))


def timed(reader, path, runs):
    reader.get(path)  # warm: assets built, caches filled
    seconds = [reader.get(path)[1] for _run in range(runs)]
    return statistics.median(seconds), min(seconds), max(seconds)


def main():
    args, db_name = parse_args()
    registry = Registry(db_name)
    base_url = f"http://127.0.0.1:{config['http_port']}"
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        clients = clients_by_contacts(env)
        if not clients:
            sys.exit(f"{db_name} has no client: use a database with the demo data")
        busiest_id, busiest_name = clients[0].id, clients[0].name
        contacts = env["dossier.contact"].search_count(
            [("partner_id", "=", busiest_id)]
        )
        client_names = [(client.id, client.name) for client in clients]
        ICP = env["ir.config_parameter"]
        report_url = ICP.get_param("report.url")
        ICP.set_param("report.url", base_url)
    server = ThreadedServer(odoo.http.root)
    server.http_spawn()
    try:
        reader = Reader(base_url, db_name, args.login, args.password or args.login)
        pdf_path = f"/report/pdf/{BRIEF}/{busiest_id}"
        html_path = f"/report/html/{BRIEF}/{busiest_id}"
        pdf, _seconds = reader.get(pdf_path)
        print(
            f"Busiest client: {busiest_name} (id {busiest_id}, {contacts} contacts), "
            f"reader {args.login}, {args.runs} warm runs"
        )
        for label, path in (("PDF", pdf_path), ("HTML", html_path)):
            median, fastest, slowest = timed(reader, path, args.runs)
            print(
                f"  brief {label}: median {median * 1000:.0f} ms "
                f"(min {fastest * 1000:.0f}, max {slowest * 1000:.0f})"
            )
        print(f"  pages: {len(PDF_PAGE.findall(pdf))}")
        if args.all_clients:
            for client_id, name in client_names:
                pdf, seconds = reader.get(f"/report/pdf/{BRIEF}/{client_id}")
                pages = len(PDF_PAGE.findall(pdf))
                if args.save:
                    Path(args.save, f"brief-{client_id}.pdf").write_bytes(pdf)
                print(f"  {pages} page(s), {seconds * 1000:.0f} ms: {name}")
    finally:
        server.httpd.shutdown()
        with registry.cursor() as cr:
            env = api.Environment(cr, odoo.SUPERUSER_ID, {})
            env["ir.config_parameter"].set_param("report.url", report_url or False)


if __name__ == "__main__":
    main()
