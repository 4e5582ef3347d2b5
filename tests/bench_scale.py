"""Stock Odoo 18 against Odoo 18 with Dossier CRM, on the same large data.

Builds (once per database) two scratch databases with the same data, made in
SQL from a few ORM-made template rows with a fixed seed (``generate_series``,
``INSERT ... SELECT``: minutes, not hours):

- stock: ``contacts``, ``account`` and ``crm``;
- dossier: the same and ``dossier_crm``, plus the contacts of the dossier
  (a few clients with 4,000 contacts, the others with about ten).

The data: ``--clients`` client companies (100,000), two people each, two
posted customer invoices each (half paid, a fifth partly paid, the rest
unpaid, some overdue). It then prints one table: stock vs dossier, the median
of ``--runs`` warm runs (each in its own transaction, record cache empty, as
one HTTP request), the queries of a run and the ratio, for the screens a
dossier user opens, the addon's own screens and filters, the daily jobs on
the full data (once, with the process's peak memory; what they create is
deleted afterwards) and 1,000 bulk date changes. Writes are rolled back.

It is not part of the test suite (pytest collects only ``test_*.py``). Run it
from the repository root with the Python that runs Odoo 18; arguments it does
not know go to Odoo::

    python3 tests/bench_scale.py --clients 2000 \\
        --addons-path=/path/to/odoo/addons,. --db_host=127.0.0.1 --db_user=odoo

The databases are ``bench_stock_<clients>`` and ``bench_dossier_<clients>``
unless ``--stock-db`` / ``--dossier-db`` name others; drop them to rebuild.
"""

import argparse
import resource
import statistics
import sys
import threading
import time
from datetime import date, timedelta

from lxml import etree

import odoo
from odoo import Command, api, fields
from odoo.modules.registry import Registry
from odoo.service import db as db_service
from odoo.tools import config
from odoo.tools.safe_eval import datetime as safe_datetime
from odoo.tools.safe_eval import dateutil, safe_eval

BENCH_REF = "DOSSIER-SCALE"
STOCK_MODULES = ("contacts", "account", "crm")
BIG_CLIENTS = 5
BIG_CLIENT_CONTACTS = 4000


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument(
        "--contacts-per-client",
        type=int,
        default=10,
        help="dossier contacts of a typical client (the big ones have 4,000)",
    )
    parser.add_argument("--salespeople", type=int, default=20)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--seed", type=float, default=0.2002)
    parser.add_argument("--stock-db")
    parser.add_argument("--dossier-db")
    parser.add_argument("--no-jobs", action="store_true", help="skip the daily jobs")
    parser.add_argument(
        "--jobs-only",
        action="store_true",
        help="only the dossier database's daily jobs and 1,000 bulk date changes",
    )
    parser.add_argument(
        "--only",
        action="append",
        metavar="TEXT",
        help="measure only the screens whose label contains TEXT (case "
        "insensitive; repeat for several)",
    )
    parser.add_argument(
        "--build-only",
        action="store_true",
        help="build (or update) the databases and measure nothing",
    )
    own, odoo_args = parser.parse_known_args()
    if not any(arg.startswith("--log-level") for arg in odoo_args):
        odoo_args.append("--log-level=warn")
    config.parse_config(odoo_args)
    own.stock_db = own.stock_db or f"bench_stock_{own.clients}"
    own.dossier_db = own.dossier_db or f"bench_dossier_{own.clients}"
    return own


def log(message, started=None):
    suffix = f" in {time.perf_counter() - started:.1f} s" if started else ""
    print(f"{message}{suffix}", file=sys.stderr, flush=True)


def open_registry(db_name, modules):
    try:
        db_service._create_empty_database(db_name)
    except db_service.DatabaseExists:
        return Registry(db_name)
    started = time.perf_counter()
    config["init"] = dict.fromkeys(modules, 1)
    config["without_demo"] = "all"
    registry = Registry.new(db_name, update_module=True)
    config["init"] = {}
    log(f"{db_name}: {', '.join(modules)} installed", started)
    return registry


# ---------------------------------------------------------------------------
# Data, in SQL from template rows
# ---------------------------------------------------------------------------


def clone(cr, table, template_id, count, overrides):
    """Insert ``count`` copies of row ``template_id`` of ``table``, with
    ``overrides`` (column: SQL expression of ``t`` the template and ``g.n``
    the copy's number from 0) for the columns the table has."""
    cr.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = %s AND column_name != 'id'",
        [table],
    )
    columns = [name for (name,) in cr.fetchall()]
    select = ", ".join(overrides.get(col, f"t.{col}") for col in columns)
    select = select.replace("%", "%%")  # the modulo of the expressions
    cr.execute(
        f"INSERT INTO {table} ({', '.join(columns)}) SELECT {select} "
        f"FROM {table} t, generate_series(0, %s - 1) AS g(n) WHERE t.id = %s",
        [count, template_id],
    )


def ensure_users(env, dossier, count):
    Users = env["res.users"].with_context(no_reset_password=True)
    user_groups = ["base.group_user", "sales_team.group_sale_salesman_all_leads"]
    manager_groups = ["base.group_user", "sales_team.group_sale_manager"]
    if dossier:
        user_groups.append("dossier_crm.group_dossier_user")
        manager_groups.append("dossier_crm.group_dossier_manager")

    def groups(xmlids):
        return [Command.set([env.ref(xmlid).id for xmlid in xmlids])]

    manager = Users.create(
        {
            "name": "Scale Sales Head",
            "login": "scale_manager",
            "groups_id": groups(manager_groups),
        }
    )
    sales = Users.create(
        [
            {
                "name": f"Scale Salesperson {i}",
                "login": f"scale_sales_{i}",
                "groups_id": groups(user_groups),
            }
            for i in range(count)
        ]
    )
    return manager, sales


def build_data(env, args, dossier):
    started = time.perf_counter()
    cr = env.cr
    cr.execute("SELECT setseed(%s)", [args.seed])
    company = env.company
    if not company.chart_template:
        env["account.chart.template"].try_loading(
            "generic_coa", company, install_demo=False
        )
    __, sales = ensure_users(env, dossier, args.salespeople)
    sales_ids = f"(ARRAY[{','.join(str(uid) for uid in sales.ids)}])"
    k = len(sales)
    Partner = env["res.partner"].with_context(tracking_disable=True)
    template = Partner.create(
        {"name": "Scale Template", "is_company": True, "customer_rank": 1}
    )
    person = Partner.create({"name": "Scale Template Person", "parent_id": template.id})
    invoice = (
        env["account.move"]
        .with_context(tracking_disable=True)
        .create(
            {
                "move_type": "out_invoice",
                "partner_id": template.id,
                "invoice_date": date.today(),
                "invoice_line_ids": [
                    Command.create({"name": "Training", "price_unit": 1000.0})
                ],
            }
        )
    )
    invoice.action_post()
    env.flush_all()
    n = args.clients
    clone(
        cr,
        "res_partner",
        template.id,
        n,
        {
            "name": "'Scale Client ' || lpad(g.n::text, 6, '0')",
            "complete_name": "'Scale Client ' || lpad(g.n::text, 6, '0')",
            "ref": f"'{BENCH_REF}'",
            "user_id": f"{sales_ids}[1 + g.n % {k}]",
            "commercial_partner_id": "NULL",
        },
    )
    cr.execute(
        "UPDATE res_partner SET commercial_partner_id = id WHERE ref = %s RETURNING id",
        [BENCH_REF],
    )
    first = min(pid for (pid,) in cr.fetchall())
    client = f"({first} + g.n % {n})"
    clone(
        cr,
        "res_partner",
        person.id,
        2 * n,
        {
            "name": "'Scale Person ' || g.n",
            "complete_name": "'Scale Client ' || lpad((g.n % "
            f"{n})::text, 6, '0') || ', Scale Person ' || g.n",
            "parent_id": client,
            "commercial_partner_id": client,
            "dossier_birthdate": "DATE '1960-01-01' + (random() * 15000)::int",
        },
    )
    if dossier:
        cr.execute(
            "UPDATE res_partner SET dossier_birthday_key = "
            "to_char(dossier_birthdate, 'MMDD')::int "
            "WHERE dossier_birthdate IS NOT NULL"
        )
    # Invoices: half paid, a fifth partly paid, the rest unpaid; due dates
    # over the last year, so that many unpaid ones are overdue.
    state = "CASE WHEN g.n % 10 < 5 THEN 0 WHEN g.n % 10 < 7 THEN 1 ELSE 2 END"
    amount = "(100 + floor(random() * 50) * 100)::numeric"
    clone(
        cr,
        "account_move",
        invoice.id,
        2 * n,
        {
            "name": "'SCALE/' || g.n",
            "partner_id": client,
            "commercial_partner_id": client,
            "partner_shipping_id": client,
            "invoice_date": "CURRENT_DATE - (g.n * 7 % 365)",
            "date": "CURRENT_DATE - (g.n * 7 % 365)",
            "invoice_date_due": "CURRENT_DATE - (g.n * 7 % 365) + 30",
            "payment_state": f"(ARRAY['paid', 'partial', 'not_paid'])[1 + {state}]",
        },
    )
    # The amounts of each copy: set afterwards from one random figure.
    cr.execute(
        f"""
        UPDATE account_move m SET
               amount_total = a.amount, amount_total_signed = a.amount,
               amount_total_in_currency_signed = a.amount,
               amount_untaxed = a.amount, amount_untaxed_signed = a.amount,
               amount_residual = a.residual, amount_residual_signed = a.residual
          FROM (SELECT id, amount,
                       CASE payment_state WHEN 'paid' THEN 0
                            WHEN 'partial' THEN round(amount / 2) ELSE amount END
                           AS residual
                  FROM (SELECT id, payment_state, {amount} AS amount
                          FROM account_move WHERE name LIKE 'SCALE/%%') s) a
         WHERE m.id = a.id
        """
    )
    if dossier:
        build_contacts(env, args, template, first, users=(sales_ids, k))
    cr.execute("ANALYZE")
    cr.commit()
    log(f"{env.cr.dbname}: data built", started)


def build_contacts(env, args, template, first, users):
    cr = env.cr
    sales_ids, k = users
    contact = (
        env["dossier.contact"]
        .with_context(tracking_disable=True)
        .create(
            {
                "partner_id": template.id,
                "summary": "Template",
                "date": fields.Datetime.now() - timedelta(days=1),
            }
        )
    )
    env.flush_all()
    n, big = args.clients, BIG_CLIENTS * BIG_CLIENT_CONTACTS
    total = big + (n - BIG_CLIENTS) * args.contacts_per_client
    planned = "g.n % 20 = 0"
    clone(
        cr,
        "dossier_contact",
        contact.id,
        total,
        {
            "partner_id": f"CASE WHEN g.n < {big} THEN {first} + g.n / "
            f"{BIG_CLIENT_CONTACTS} ELSE {first + BIG_CLIENTS} + g.n % "
            f"{n - BIG_CLIENTS} END",
            "summary": "'Scale contact ' || g.n",
            "user_id": f"{sales_ids}[1 + g.n % {k}]",
            "channel": "(ARRAY['meeting', 'phone', 'letter', 'email'])[1 + g.n % 4]",
            "state": f"CASE WHEN {planned} THEN 'planned' ELSE 'done' END",
            "date": f"CASE WHEN {planned} THEN now() AT TIME ZONE 'UTC' "
            "+ (random() * 60) * interval '1 day' ELSE now() AT TIME ZONE 'UTC' "
            "- (1 + random() * 730) * interval '1 day' END",
        },
    )
    # The activity of each planned contact, as the ORM makes it.
    cr.execute(
        """
        INSERT INTO mail_activity (res_model_id, res_model, res_id,
               activity_type_id, summary, date_deadline, user_id, active,
               dossier_contact_id, create_uid, create_date, write_uid, write_date)
        SELECT %s, 'dossier.contact', c.id, %s, c.summary, c.date::date,
               c.user_id, TRUE, c.id, 1, now(), 1, now()
          FROM dossier_contact c
         WHERE c.state = 'planned' AND c.user_id IS NOT NULL
        """,
        [
            env["ir.model"]._get_id("dossier.contact"),
            env.ref("dossier_crm.mail_activity_type_dossier_contact").id,
        ],
    )
    # The clients' contact dates of the contacts inserted in SQL.
    env["dossier.contact.dates"]._dossier_fill()


def prepare(db_name, modules, args, dossier):
    registry = open_registry(db_name, modules)
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        built = not env["res.partner"].search_count([("ref", "=", BENCH_REF)], limit=1)
        if built:
            build_data(env, args, dossier)
    if built:
        # As a production database after autovacuum: the visibility map set
        # (index-only scans) and the statistics of the SQL-made rows.
        with registry.cursor() as cr:
            cr.commit()
            cr._cnx.autocommit = True
            cr.execute("VACUUM ANALYZE")
        log(f"{db_name}: vacuumed")
    return registry


# ---------------------------------------------------------------------------
# Measures
# ---------------------------------------------------------------------------


def view_spec(env, model, view_type, view_id=False):
    """The web client's specification of the fields a view (the default one
    unless ``view_id``) shows its reader (the arch as the reader gets it):
    relations with their display name, sub-views and x2many lists left out."""
    views = env[model].get_views([(view_id, view_type)])
    arch = etree.fromstring(views["views"][view_type]["arch"])
    fields_info = views["models"][model]["fields"]
    spec = {}
    for node in arch.iter("field"):
        if any(parent.tag == "field" for parent in node.iterancestors()):
            continue
        info = fields_info.get(node.get("name"))
        if not info or info["type"] == "one2many":
            continue
        if info["type"] in ("many2one", "many2many"):
            spec[node.get("name")] = {"fields": {"display_name": {}}}
        else:
            spec[node.get("name")] = {}
    return spec


def run_once(registry, login, func):
    """Seconds and queries of ``func(env)`` in its own transaction (rolled
    back) and record cache, as one HTTP request."""
    with registry.cursor() as cr:
        uid = api.Environment(cr, odoo.SUPERUSER_ID, {})["res.users"].search(
            [("login", "=", login)]
        )
        env = api.Environment(cr, uid.id, {"lang": "en_US"})
        env = env(context=dict(env.context, allowed_company_ids=uid.company_ids.ids))
        env.invalidate_all()
        before = cr.sql_log_count
        started = time.perf_counter()
        func(env)
        env.flush_all()
        elapsed = time.perf_counter() - started
        queries = cr.sql_log_count - before
        cr.rollback()
    return elapsed, queries


def measure(registry, login, func, runs):
    """Median ms and queries of ``func(env)`` over ``runs`` runs (see
    run_once), after one that warms the registry's caches."""
    results = [run_once(registry, login, func) for __ in range(runs + 1)]
    return 1000 * statistics.median(t for t, __ in results[1:]), results[-1][1]


def measure_pair(registries, login, funcs, runs):
    """``measure`` of a screen on the stock and the dossier databases
    (``registries``, ``funcs``: one each), their runs interleaved (stock,
    dossier, stock...): a slower moment of the machine weighs on both sides
    of the ratio alike, instead of on the side it fell on."""
    results = [
        tuple(map(run_once, registries, (login, login), funcs))
        for __ in range(runs + 1)
    ][1:]
    return tuple(
        (1000 * statistics.median(r[side][0] for r in results), results[-1][side][1])
        for side in (0, 1)
    )


def client_ids(registry):
    with registry.cursor() as cr:
        cr.execute(
            "SELECT id FROM res_partner WHERE ref = %s ORDER BY id LIMIT %s",
            [BENCH_REF, BIG_CLIENTS + 1],
        )
        ids = [pid for (pid,) in cr.fetchall()]
    return ids[0], ids[-1]  # a client with 4,000 contacts, a typical one


def partner_screens(big, typical):
    def page(view_type, domain=()):
        def run(env):
            spec = view_spec(env, "res.partner", view_type)
            env["res.partner"].web_search_read(list(domain), spec, limit=80)

        return run

    def form(pid):
        def run(env):
            spec = view_spec(env, "res.partner", "form")
            env["res.partner"].browse(pid).web_read(spec)

        return run

    return [
        ("Contacts list, 80 rows", page("list")),
        ("Partner kanban, 80 cards", page("kanban")),
        ("Client form (4,000 contacts)", form(big)),
        ("Client form (10 contacts)", form(typical)),
    ]


def dossier_tab_sections(env):
    """The views of the client's Dossier tab sections (the dossier_tab_section
    widgets of its form), which the web client reads when the tab is opened."""
    arch = env["res.partner"].get_views([(False, "form")])["views"]["form"]["arch"]
    return [
        int(node.get("view_id"))
        for node in etree.fromstring(arch).iter("widget")
        if node.get("name") == "dossier_tab_section"
    ]


def dossier_screens(registry, big, typical):
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        arch = env["res.partner"].get_views([(False, "search")])["views"]["search"][
            "arch"
        ]
        sections = dossier_tab_sections(env)

    context = {
        "context_today": date.today,
        "relativedelta": dateutil.relativedelta.relativedelta,
        "datetime": safe_datetime,
    }
    filters = [
        (node.get("string"), safe_eval(node.get("domain"), context))
        for node in etree.fromstring(arch).iter("filter")
        if node.get("name", "").startswith("dossier_") and node.get("domain")
    ]

    def dossier_tab(pid):
        # Opening the tab: each section's view and its read of the client.
        def run(env):
            for view_id in sections:
                spec = view_spec(env, "res.partner", "form", view_id)
                env["res.partner"].browse(pid).web_read(spec)

        return run

    screens = [
        ("Dossier tab opened (4,000 contacts)", dossier_tab(big)),
        ("Dossier tab opened (10 contacts)", dossier_tab(typical)),
    ]
    for label, domain in filters:
        screens.append(
            (
                f"Filter “{label}”: count",
                lambda env, d=domain: env["res.partner"].search_count(d),
            )
        )
        screens.append(
            (
                f"Filter “{label}”: first page",
                lambda env, d=domain: env["res.partner"].web_search_read(
                    d, view_spec(env, "res.partner", "kanban"), limit=80
                ),
            )
        )
    clients_filter = dict(filters)["Clients"]
    screens.insert(
        0,
        (
            "Clients kanban, default filter",
            lambda env: env["res.partner"].web_search_read(
                clients_filter, view_spec(env, "res.partner", "kanban"), limit=80
            ),
        ),
    )

    def contacts(view_type):
        return lambda env: env["dossier.contact"].web_search_read(
            [], view_spec(env, "dossier.contact", view_type), limit=80
        )

    def pivot(*groupings):
        # The web client's read_group of each grouping the pivot shows: its
        # total, then its rows (and columns, and rows by columns).
        def run(env):
            Report = env["dossier.contact.report"]
            since = fields.Datetime.now() - timedelta(days=365)
            domain = [("date", ">=", since)]
            measures = ["contact_count", "deal_count", "won_count", "won_rate"]
            for groupby in groupings:
                Report.read_group(domain, measures, groupby, lazy=False)

        return run

    # The default pivot of the report's view: rows by responsible, no
    # columns; then the same with a column by month, as a sales head adds it.
    default_pivot = pivot([], ["user_id"])
    monthly_pivot = pivot([], ["user_id"], ["date:month"], ["user_id", "date:month"])

    def log_contact(env, state="done"):
        values = {
            "partner_id": typical,
            "summary": "Called about the offer",
            "state": state,
            "date": fields.Datetime.now()
            + timedelta(days=2 if state == "planned" else -0.01),
        }
        contact = env["dossier.contact"].create(values)
        contact.read(["recent_contact_warning", "summary"])

    def bulk_dates(env):
        contacts = env["dossier.contact"].search(
            [("user_id", "=", env.uid)], limit=1000, order="id"
        )
        contacts.write({"date": fields.Datetime.now() - timedelta(hours=1)})
        env.flush_all()
        env.cr.precommit.run()

    screens += [
        ("Contact list, 80 rows", contacts("list")),
        ("Contact kanban, 80 cards", contacts("kanban")),
        (
            "Contact list grouped by responsible",
            lambda env: env["dossier.contact"].web_read_group(
                [], ["summary"], ["user_id"], limit=80
            ),
        ),
        ("Report pivot, default period (user)", default_pivot),
        ("Report pivot, default period (manager)", default_pivot),
        ("Report pivot by month, default period (user)", monthly_pivot),
        ("Report pivot by month, default period (manager)", monthly_pivot),
        ("Log a contact", log_contact),
        ("Plan a contact", lambda env: log_contact(env, "planned")),
        ("1,000 bulk date changes", bulk_dates),
    ]
    return screens


def reset_peak_memory():
    """Start measuring the process's peak memory from now (Linux: the
    resident set's high-water mark); False where it cannot be reset."""
    try:
        with open("/proc/self/clear_refs", "w") as clear_refs:
            clear_refs.write("5")
    except OSError:
        return False
    return True


def peak_memory(since_reset):
    """The peak resident memory in MiB: since the last reset_peak_memory()
    when it worked, else of the whole process."""
    if since_reset:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_job(registry, label, func):
    """Run a daily job once on the full data, committed as in production;
    what it created is deleted afterwards."""
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        cr.execute("SELECT COALESCE(MAX(id), 0) FROM dossier_contact")
        (last_id,) = cr.fetchone()
        cron = env.ref("dossier_crm.ir_cron_dossier_plan_greetings")
        cron, __ = cron._add_progress()
        cr.commit()
        env = env(context=dict(cron.env.context))
        env.invalidate_all()
        since_reset = reset_peak_memory()
        before = cr.sql_log_count
        # Time spent waiting for PostgreSQL, statement by statement.
        waited = [0.0]

        def count_wait(cr, query, params, start, delay):
            waited[0] += delay

        thread = threading.current_thread()
        thread.query_hooks = (count_wait,)
        started, cpu = time.perf_counter(), time.process_time()
        try:
            planned = func(env)
            cr.commit()
        finally:
            thread.query_hooks = ()
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        queries = cr.sql_log_count - before
        peak = peak_memory(since_reset)
        cr.execute(
            "DELETE FROM mail_activity WHERE res_model = 'dossier.contact' "
            "AND res_id > %s",
            [last_id],
        )
        cr.execute("DELETE FROM dossier_contact WHERE id > %s", [last_id])
        env["dossier.contact.dates"]._dossier_fill()
        cr.commit()
    label = f"{label} ({planned} planned)"
    return label, elapsed * 1000, queries, peak, cpu, waited[0]


def jobs(registry):
    results = []

    def greetings(env):
        day = date.today() + timedelta(days=3)
        holiday = env["dossier.holiday"].create(
            {
                "name": "Scale Day",
                "day": day.day,
                "month": str(day.month),
                "days_ahead": 7,
                "channel": "email",
                "user_id": odoo.SUPERUSER_ID,
            }
        )
        env.cr.commit()
        # As the cron runner: called again while it reports work left.
        total = 0
        while planned := holiday._cron_plan_greetings():
            total += planned
        holiday.active = False
        return total

    results.append(run_job(registry, "Greetings job, every client", greetings))
    results.append(
        run_job(
            registry,
            "Follow-ups job",
            lambda env: env["dossier.followup"]._cron_plan_followups(),
        )
    )
    return results


def main():
    args = parse_args()
    if args.jobs_only:
        return jobs_only(args)
    stock = prepare(args.stock_db, STOCK_MODULES, args, dossier=False)
    dossier = prepare(args.dossier_db, (*STOCK_MODULES, "dossier_crm"), args, True)
    if args.build_only:
        return 0
    big, typical = client_ids(dossier)
    big_stock, typical_stock = client_ids(stock)

    def wanted(label):
        return not args.only or any(t.lower() in label.lower() for t in args.only)

    rows = []
    stock_screens = dict(partner_screens(big_stock, typical_stock))
    for label, func in partner_screens(big, typical):
        if not wanted(label):
            continue
        (s_ms, s_q), (d_ms, d_q) = measure_pair(
            (stock, dossier), "scale_sales_0", (stock_screens[label], func), args.runs
        )
        rows.append((label, f"{s_ms:.0f} ms / {s_q} q", d_ms, d_q, d_ms / s_ms))
    for label, func in dossier_screens(dossier, big, typical):
        if not wanted(label):
            continue
        login = "scale_manager" if "(manager)" in label else "scale_sales_0"
        d_ms, d_q = measure(dossier, login, func, args.runs)
        rows.append((label, "—", d_ms, d_q, None))
    print(
        f"\n{args.clients:,} clients, {2 * args.clients:,} people, "
        f"{2 * args.clients:,} posted customer invoices; median of {args.runs} "
        "warm runs\n"
    )
    print("| screen | stock | dossier | ratio |\n|---|---|---|---|")
    for label, stock_cell, d_ms, d_q, ratio in rows:
        ratio_cell = f"{ratio:.1f}" if ratio else "—"
        print(f"| {label} | {stock_cell} | {d_ms:.0f} ms / {d_q} q | {ratio_cell} |")
    if not args.no_jobs and not args.only:
        print_jobs(jobs(dossier))
    return 0


def print_jobs(results):
    for label, ms, queries, peak, cpu, sql in results:
        print(
            f"| {label} | — | {ms / 1000:.1f} s / {queries} q, "
            f"peak {peak:.0f} MiB, Odoo CPU {cpu:.1f} s, SQL {sql:.1f} s | — |"
        )


def jobs_only(args):
    """The bulk write and the daily jobs alone, on the dossier database."""
    dossier = prepare(args.dossier_db, (*STOCK_MODULES, "dossier_crm"), args, True)
    big, typical = client_ids(dossier)
    bulk = dict(dossier_screens(dossier, big, typical))["1,000 bulk date changes"]
    ms, queries = measure(dossier, "scale_sales_0", bulk, args.runs)
    print(f"\n{args.clients:,} clients; median of {args.runs} warm runs\n")
    print("| screen | stock | dossier | ratio |\n|---|---|---|---|")
    print(f"| 1,000 bulk date changes | — | {ms:.0f} ms / {queries} q | — |")
    print_jobs(jobs(dossier))
    return 0


if __name__ == "__main__":
    sys.exit(main())
