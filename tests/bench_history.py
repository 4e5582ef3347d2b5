"""Benchmark of the client history (``dossier.history``) on a large scratch
database.

Builds (once) in SQL, from a few ORM-made template rows with a fixed seed:
``--clients`` client companies (10,000), one of them with about
``--big-lines`` (10,000) history lines, and about ``--lines`` (1,000,000)
history lines in all: done contacts (four in five lines), deals (created,
half of them won or lost) and posted customer invoices (issued, half paid).
The invoices are SQL copies without journal items, so their paid date is
their invoice date (the subquery on the reconciliations runs all the same).

Then prints, as a salesperson who also reads the invoices (every source
with its record rules), the median of ``--runs`` warm runs, each in its own
transaction and record cache as one HTTP request, and its queries:

- the first page (80 lines) of the big client's history and of a typical
  client's (``web_search_read`` with the list view's fields);
- the big client's dossier tab (its latest 20 lines, ``web_read``);
- the all-clients report grouped by kind and month (``read_group``, as the
  pivot asks it: no line is loaded);
- the execution time of the big client's first page in ``EXPLAIN ANALYZE``.

It is not part of the test suite; it shares the helpers of
``bench_scale.py`` (SQL copies, one request a measure). Run it from the
repository root with the Python that runs Odoo 18; arguments it does not
know go to Odoo::

    python3 tests/bench_history.py -d dossier_history_bench \\
        --addons-path=/path/to/odoo/addons,. --db_host=127.0.0.1 --db_user=odoo

A missing database is created with Dossier CRM and no demo data; drop it to
rebuild.
"""

import argparse
import sys
import time
from datetime import date

from bench_scale import clone, log, measure, open_registry, view_spec

import odoo
from odoo import Command, api
from odoo.tools import SQL, config

BENCH_REF = "DOSSIER-HISTORY"
LOGIN = "history_bench_sales"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=10_000)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--big-lines", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=float, default=0.14)
    own, odoo_args = parser.parse_known_args()
    if not any(arg.startswith("--log-level") for arg in odoo_args):
        odoo_args.append("--log-level=warn")
    config.parse_config(odoo_args)
    if not config["db_name"]:
        parser.error("give the scratch database with -d NAME")
    return own, config["db_name"]


def build_data(env, args):
    started = time.perf_counter()
    cr = env.cr
    cr.execute("SELECT setseed(%s)", [args.seed])
    company = env.company
    if not company.chart_template:
        env["account.chart.template"].try_loading(
            "generic_coa", company, install_demo=False
        )
    env["res.users"].with_context(no_reset_password=True).create(
        {
            "name": "History Bench Salesperson",
            "login": LOGIN,
            "groups_id": [
                Command.set(
                    [
                        env.ref("base.group_user").id,
                        env.ref("dossier_crm.group_dossier_user").id,
                        env.ref("sales_team.group_sale_salesman_all_leads").id,
                        env.ref("account.group_account_invoice").id,
                    ]
                )
            ],
        }
    )
    Partner = env["res.partner"].with_context(tracking_disable=True)
    template = Partner.create({"name": "History Template", "is_company": True})
    contact = (
        env["dossier.contact"]
        .with_context(tracking_disable=True)
        .create({"partner_id": template.id, "summary": "Template"})
    )
    lead = env["crm.lead"].create(
        {"name": "Template deal", "type": "opportunity", "partner_id": template.id}
    )
    invoice = env["account.move"].create(
        {
            "move_type": "out_invoice",
            "partner_id": template.id,
            "invoice_date": date.today(),
            "invoice_line_ids": [
                Command.create({"name": "Training", "price_unit": 1000.0})
            ],
        }
    )
    invoice.action_post()
    won_stage = env["crm.stage"].search([("is_won", "=", True)], limit=1)
    env.flush_all()

    n = args.clients
    clone(
        cr,
        "res_partner",
        template.id,
        n,
        {
            "name": "'History Client ' || lpad(g.n::text, 6, '0')",
            "complete_name": "'History Client ' || lpad(g.n::text, 6, '0')",
            "ref": f"'{BENCH_REF}'",
            "commercial_partner_id": "NULL",
        },
    )
    cr.execute(
        "UPDATE res_partner SET commercial_partner_id = id WHERE ref = %s RETURNING id",
        [BENCH_REF],
    )
    first = min(pid for (pid,) in cr.fetchall())
    # Of the lines: 4/5 contacts, 1/10 deals (created, then half won or lost:
    # 1.5 lines a deal), 1/10 invoices (issued, half paid: 1.5 lines each).
    # The big client (the first) gets big_lines of them, the others the rest.
    big, rest = args.big_lines, args.lines - args.big_lines

    def partner_of(share):
        """The client of copy g.n, for a source of ``share`` of the lines."""
        big_n, rest_n = int(big * share), int(rest * share)
        sql = (
            f"CASE WHEN g.n < {big_n} THEN {first} ELSE {first + 1} + g.n % {n - 1} END"
        )
        return sql, {"big": big_n, "rest": rest_n}

    days_ago = "(random() * 730) * interval '1 day'"
    now = "now() AT TIME ZONE 'UTC'"
    partner_sql, counts = partner_of(0.8)
    clone(
        cr,
        "dossier_contact",
        contact.id,
        counts["big"] + counts["rest"],
        {
            "partner_id": partner_sql,
            "summary": "'History contact ' || g.n",
            "date": f"{now} - {days_ago}",
        },
    )
    partner_sql, counts = partner_of(0.1 / 1.5)
    clone(
        cr,
        "crm_lead",
        lead.id,
        counts["big"] + counts["rest"],
        {
            "partner_id": partner_sql,
            "name": "'History deal ' || g.n",
            "create_date": f"{now} - {days_ago}",
            "active": "g.n % 4 != 1",
            "probability": "CASE g.n % 4 WHEN 0 THEN 100 WHEN 1 THEN 0 ELSE 30 END",
            "stage_id": f"CASE WHEN g.n % 4 = 0 THEN {won_stage.id} "
            "ELSE t.stage_id END",
            "date_closed": f"CASE WHEN g.n % 4 < 2 THEN {now} - {days_ago} END",
        },
    )
    partner_sql, counts = partner_of(0.1 / 1.5)
    clone(
        cr,
        "account_move",
        invoice.id,
        counts["big"] + counts["rest"],
        {
            "commercial_partner_id": partner_sql,
            "partner_id": partner_sql,
            "name": "'HIST/' || g.n",
            "invoice_date": "current_date - (random() * 730)::int",
            "payment_state": "CASE WHEN g.n % 2 = 0 THEN 'paid' ELSE 'not_paid' END",
        },
    )
    cr.execute("ANALYZE")
    log("data built", started)


def main():
    args, db_name = parse_args()
    registry = open_registry(db_name, ["dossier_crm"])
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        if not env["res.partner"].search_count([("ref", "=", BENCH_REF)], limit=1):
            build_data(env, args)
        cr.execute(
            "SELECT id FROM res_partner WHERE ref = %s ORDER BY id LIMIT 2", [BENCH_REF]
        )
        big, typical = (pid for (pid,) in cr.fetchall())
        cr.execute(
            "SELECT partner_id, count(*) FROM dossier_history "
            "WHERE partner_id IN %s GROUP BY partner_id",
            [(big, typical)],
        )
        sizes = dict(cr.fetchall())
        cr.execute("SELECT count(*) FROM dossier_history")
        total = cr.fetchone()[0]
        # The list view's fields, as the web client asks them.
        spec = view_spec(env, "dossier.history", "list")

    def first_page(client):
        def run(env):
            History = env["dossier.history"]
            History.web_search_read([("partner_id", "=", client)], spec, limit=80)

        return run

    def dossier_tab(env):
        env["res.partner"].browse(big).web_read(
            {"dossier_history_ids": {"fields": spec}}
        )

    def report(env):
        env["dossier.history"].read_group(
            [], ["__count"], ["kind", "date:month"], lazy=False
        )

    rows = [
        (f"First page, client with {sizes.get(big, 0):,} lines", first_page(big)),
        (
            f"First page, client with {sizes.get(typical, 0):,} lines",
            first_page(typical),
        ),
        (
            f"Dossier tab (latest 20), client with {sizes.get(big, 0):,} lines",
            dossier_tab,
        ),
        (f"All clients by kind and month ({total:,} lines)", report),
    ]
    print(
        f"\n{args.clients:,} clients, {total:,} history lines; "
        f"median of {args.runs} warm runs\n"
    )
    print("| measure | time | queries |\n|---|---|---|")
    for label, func in rows:
        ms, queries = measure(registry, LOGIN, func, args.runs)
        print(f"| {label} | {ms:.0f} ms | {queries} |", flush=True)
    with registry.cursor() as cr:
        root = api.Environment(cr, odoo.SUPERUSER_ID, {})
        user = root["res.users"].search([("login", "=", LOGIN)])
        env = api.Environment(
            cr, user.id, {"allowed_company_ids": user.company_ids.ids}
        )
        query = env["dossier.history"]._search(
            [("partner_id", "=", big)], limit=80, order="date desc, id desc"
        )
        cr.execute(SQL("EXPLAIN (ANALYZE, FORMAT JSON) %s", query.select()))
        plan = cr.fetchone()[0][0]
        print(
            f"| EXPLAIN ANALYZE of the big client's first page | "
            f"{plan['Execution Time']:.0f} ms | — |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
