"""Benchmark of the receivables of Dossier CRM on a large scratch database.

Creates (once) 5,000 clients with 50,000 posted customer invoices, some paid,
some partly paid, many overdue, then times what a sales head waits for:

- the first page of Dossier > Reporting > Receivables by Client
  (``web_search_read`` with the list view's fields and its default filter);
- the first page of the Clients kanban filtered on "Has unpaid invoices";
- one client form (``web_read`` with the fields of the form view).

It is not part of the test suite (pytest collects only ``test_*.py``). Run it
with the Python that runs Odoo 18, from the repository root; arguments it does
not know go to Odoo, as on Odoo's command line::

    python3 tests/bench_receivables.py -d dossier_bench \\
        --addons-path=/path/to/odoo/addons,. --db_host=127.0.0.1 --db_user=odoo

When the database does not exist it is created and Dossier CRM is installed in
it without demo data, with Odoo's generic chart of accounts. The data is made
once; later runs only measure. ``--clients`` and ``--invoices-per-client``
make a smaller data set (e.g. ``--clients 500`` for a quick run).
"""

import argparse
import random
import statistics
import sys
import time
from datetime import date, timedelta

import odoo
from odoo import Command, api
from odoo.modules.registry import Registry
from odoo.service import db as db_service
from odoo.tools import config

BENCH_REF = "DOSSIER-BENCH"
BATCH = 500


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=5000)
    parser.add_argument("--invoices-per-client", type=int, default=10)
    parser.add_argument("--salespeople", type=int, default=10)
    parser.add_argument("--runs", type=int, default=5, help="timed runs per measure")
    parser.add_argument("--seed", type=int, default=2002)
    parser.add_argument(
        "--orm-clients",
        type=int,
        default=50,
        help="clients whose invoices and payments go through the ORM; the "
        "invoices of the others are SQL copies of theirs (0 = all through the ORM)",
    )
    own, odoo_args = parser.parse_known_args()
    if not any(arg.startswith("--log-level") for arg in odoo_args):
        odoo_args.append("--log-level=warn")
    config.parse_config(odoo_args)
    if not config["db_name"]:
        parser.error("give the scratch database with -d NAME")
    return own, config["db_name"]


def open_registry(db_name):
    try:
        db_service._create_empty_database(db_name)
    except db_service.DatabaseExists:
        return Registry(db_name)
    else:
        log(f"database {db_name} created: installing dossier_crm without demo data")
        config["init"] = {"dossier_crm": 1}
        config["without_demo"] = "all"
        return Registry.new(db_name, update_module=True)


def log(message, started=None):
    suffix = f" in {time.perf_counter() - started:.1f} s" if started else ""
    print(f"{message}{suffix}", flush=True)


def ensure_chart_of_accounts(env):
    company = env.company
    if not company.chart_template:
        started = time.perf_counter()
        env["account.chart.template"].try_loading(
            "generic_coa", company, install_demo=False
        )
        log("generic chart of accounts loaded", started)


def ensure_users(env, count):
    Users = env["res.users"].with_context(no_reset_password=True)
    groups = env.ref("dossier_crm.group_dossier_manager") | env.ref(
        "account.group_account_invoice"
    )
    manager = Users.search([("login", "=", "bench_manager")])
    if not manager:
        manager = Users.create(
            {
                "name": "Bench Sales Head",
                "login": "bench_manager",
                "groups_id": [Command.set(groups.ids)],
            }
        )
    sales = Users.search([("login", "=like", "bench_sales_%")])
    sales |= Users.create(
        [
            {
                "name": f"Bench Salesperson {i}",
                "login": f"bench_sales_{i}",
                "groups_id": [
                    Command.set(env.ref("dossier_crm.group_dossier_user").ids)
                ],
            }
            for i in range(len(sales), count)
        ]
    )
    return manager, sales


def create_clients(env, count, sales, rng):
    started = time.perf_counter()
    Partner = env["res.partner"].with_context(tracking_disable=True)
    clients = Partner.browse()
    for start in range(0, count, BATCH):
        clients |= Partner.create(
            [
                {
                    "name": f"Bench Client {i:05d}",
                    "is_company": True,
                    "ref": BENCH_REF,
                    "user_id": rng.choice(sales).id,
                }
                for i in range(start, min(start + BATCH, count))
            ]
        )
    log(f"{count} clients created", started)
    return clients


def create_invoices(env, clients, per_client, rng):
    """Create and post the invoices through the ORM, in batches.

    Posting goes through ``action_post`` (sequence numbers, receivable lines,
    payment state), as in real use: it is the slow part, measured and printed.
    """
    today = date.today()
    Move = env["account.move"].with_context(tracking_disable=True)
    specs = []
    for client in clients:
        for __ in range(per_client):
            invoice_date = today - timedelta(days=rng.randint(0, 365))
            specs.append(
                {
                    "move_type": "out_refund" if rng.random() < 0.05 else "out_invoice",
                    "partner_id": client.id,
                    "invoice_date": invoice_date,
                    "invoice_date_due": invoice_date + timedelta(days=30),
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": "Training and consulting",
                                "quantity": rng.randint(1, 5),
                                "price_unit": rng.choice((350.0, 1200.0, 4500.0)),
                                "tax_ids": [],
                            }
                        )
                    ],
                }
            )
    specs.sort(key=lambda vals: vals["invoice_date"])  # posted in date order
    created = posted = 0.0
    moves = Move.browse()
    for start in range(0, len(specs), BATCH):
        t0 = time.perf_counter()
        batch = Move.create(specs[start : start + BATCH])
        t1 = time.perf_counter()
        batch.action_post()
        env.cr.commit()
        env.invalidate_all()
        t2 = time.perf_counter()
        created, posted = created + t1 - t0, posted + t2 - t1
        moves |= batch
        if (start // BATCH) % 10 == 0:
            log(f"  {start + len(batch)} / {len(specs)} invoices")
    log(
        f"{len(specs)} invoices: created in {created:.1f} s, posted in "
        f"{posted:.1f} s ({1000 * (created + posted) / len(specs):.1f} ms each)"
    )
    return moves


def register_payments(env, invoices, rng):
    """Pay about half of the invoices, a tenth of them in part."""
    started = time.perf_counter()
    to_pay = invoices.filtered(
        lambda move: move.move_type == "out_invoice" and rng.random() < 0.55
    )
    by_client = {}
    for invoice in to_pay:
        by_client.setdefault(invoice.partner_id, []).append(invoice)
    Wizard = env["account.payment.register"].with_context(tracking_disable=True)
    done = 0
    for client_invoices in by_client.values():
        for invoice in client_invoices:
            amount = invoice.amount_residual
            if rng.random() < 0.2:
                amount = round(amount * 0.4, 2)
            Wizard.with_context(
                active_model="account.move", active_ids=invoice.ids
            ).create(
                {"amount": amount, "payment_date": invoice.invoice_date}
            )._create_payments()
            done += 1
        if done % 2000 < len(client_invoices):
            env.cr.commit()
            env.invalidate_all()
            log(f"  {done} / {len(to_pay)} payments")
    env.cr.commit()
    log(f"{done} payments registered", started)


def clone_invoices(env, templates, clients, per_client, rng):
    """Give each client ``per_client`` copies of ORM-made invoices, in SQL.

    The copies carry every column of ``account_move`` that the dossier reads
    (type, state, company, commercial partner, due date, signed totals and
    residuals, payment state) but no journal items: they are fit to measure
    the receivables, not to do accounting.
    """
    started = time.perf_counter()
    cr = env.cr
    env.flush_all()
    cr.execute(
        "SELECT column_name FROM information_schema.columns"
        " WHERE table_name = 'account_move' AND column_name != 'id'"
    )
    columns = [name for (name,) in cr.fetchall()]
    overrides = {
        "name": "move.name || '/' || copy.n",
        "partner_id": "copy.partner_id",
        "commercial_partner_id": "copy.partner_id",
        "partner_shipping_id": "copy.partner_id",
        "invoice_date": "move.invoice_date - copy.shift",
        "date": "move.date - copy.shift",
        "invoice_date_due": "move.invoice_date_due - copy.shift",
    }
    select = ", ".join(overrides.get(col, f"move.{col}") for col in columns)
    rows = [
        (rng.choice(templates).id, client.id, n, rng.randint(0, 30))
        for n, client in enumerate(
            client for client in clients for __ in range(per_client)
        )
    ]
    query = (
        f"INSERT INTO account_move ({', '.join(columns)}) SELECT {select}"
        " FROM unnest(%s::int[], %s::int[], %s::int[], %s::int[])"
        " AS copy(template_id, partner_id, n, shift)"
        " JOIN account_move move ON move.id = copy.template_id"
    )
    for start in range(0, len(rows), 10 * BATCH):
        chunk = rows[start : start + 10 * BATCH]
        cr.execute(query, [list(column) for column in zip(*chunk, strict=True)])
    cr.commit()
    log(f"{len(rows)} invoices copied in SQL for {len(clients)} clients", started)


def ensure_data(env, args):
    if env["res.partner"].search_count([("ref", "=", BENCH_REF)]):
        log("bench data already present: measuring only")
        return
    rng = random.Random(args.seed)
    ensure_chart_of_accounts(env)
    __, sales = ensure_users(env, args.salespeople)
    env.cr.commit()
    clients = create_clients(env, args.clients, sales, rng)
    env.cr.commit()
    orm_clients = clients[: args.orm_clients] if args.orm_clients else clients
    invoices = create_invoices(env, orm_clients, args.invoices_per_client, rng)
    register_payments(env, invoices, rng)
    if orm_clients != clients:
        clone_invoices(
            env, invoices, clients - orm_clients, args.invoices_per_client, rng
        )
    started = time.perf_counter()
    env.cr.execute("ANALYZE account_move, res_partner")
    env.cr.commit()
    log("tables analyzed", started)


def spec_from_view(env, model, view_type):
    """The web client's fields specification for a view, one level deep."""
    views = env[model].get_views([(False, view_type)])
    fields_info = views["models"][model]["fields"]
    spec = {}
    for name, info in fields_info.items():
        if info["type"] == "many2one":
            spec[name] = {"fields": {"display_name": {}}}
        elif info["type"] in ("one2many", "many2many"):
            spec[name] = {"fields": {"display_name": {}}, "limit": 40}
        else:
            spec[name] = {}
    return spec


def measure(registry, uid, label, func, runs):
    """Each run in its own transaction and cache, as one HTTP request."""
    timings, queries = [], []
    for __ in range(runs):
        with registry.cursor() as cr:
            env = api.Environment(cr, uid, {"lang": "en_US"})
            env = env(
                context=dict(env.context, allowed_company_ids=env.user.company_ids.ids)
            )
            before = cr.sql_log_count
            started = time.perf_counter()
            result = func(env)
            timings.append(time.perf_counter() - started)
            queries.append(cr.sql_log_count - before)
    print(
        f"{label}: first {1000 * timings[0]:.0f} ms, median "
        f"{1000 * statistics.median(timings):.0f} ms, {queries[-1]} queries "
        f"({result})",
        flush=True,
    )


def run_measures(registry, args):
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        uid = env["res.users"].search([("login", "=", "bench_manager")]).id
        client = env["res.partner"].search(
            [("ref", "=", BENCH_REF), ("user_id", "!=", False)], limit=1
        )
        counts = env["account.move"].read_group(
            [("move_type", "in", ("out_invoice", "out_refund"))],
            ["payment_state"],
            ["payment_state"],
        )
        print(
            "data: "
            + ", ".join(
                f"{g['payment_state']} {g['payment_state_count']}" for g in counts
            )
        )

    def receivables_list(env):
        Report = env["dossier.receivable.report"]
        spec = spec_from_view(env, Report._name, "list")
        res = Report.web_search_read(
            [("amount_unpaid", ">", 0)], spec, limit=80, count_limit=10001
        )
        return f"{len(res['records'])} of {res['length']} rows"

    def clients_with_unpaid(env):
        Partner = env["res.partner"]
        spec = spec_from_view(env, Partner._name, "kanban")
        res = Partner.web_search_read(
            [("is_company", "=", True), ("dossier_amount_unpaid", ">", 0)],
            spec,
            limit=80,
            count_limit=10001,
        )
        return f"{len(res['records'])} of {res['length']} clients"

    def client_form(env):
        Partner = env["res.partner"]
        spec = spec_from_view(env, Partner._name, "form")
        record = Partner.browse(client.id).web_read(spec)[0]
        return f"{len(spec)} fields, unpaid {record['dossier_amount_unpaid']:.2f}"

    measure(registry, uid, "Receivables list, first page", receivables_list, args.runs)
    measure(registry, uid, "Clients kanban, Has unpaid", clients_with_unpaid, args.runs)
    measure(registry, uid, "Client form", client_form, args.runs)


def main():
    args, db_name = parse_args()
    registry = open_registry(db_name)
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        ensure_data(env, args)
    run_measures(registry, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
