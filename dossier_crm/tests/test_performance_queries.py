import logging
from datetime import timedelta

from lxml import etree

from odoo import Command, fields
from odoo.tests import tagged
from odoo.tools import SQL
from odoo.tools.safe_eval import datetime as safe_datetime
from odoo.tools.safe_eval import dateutil, safe_eval

from ..models.computed_values import assign_computed
from .common import ReceivablesCommon, dossier_tab_section_ids

_logger = logging.getLogger(__name__)

# Query budgets of one request of each screen, as a dossier user. They do not
# grow with the rows shown nor with the data of a client: each test checks
# that first, on two sizes. Raise one only with a reason. The contact dates
# are computed for the reader's companies (one grouped query on the list and
# the form); the contact log's rules read the participants. The interests
# with a company's people's (lists, kanban, form): one query for the pairs
# and one read of the interests; the next birthday or life event: one query
# for the whole page (and one read of the people around named there); the
# other facts of a company's people (form only): one query; the recent
# contact warning: its search, participants and read, as before.
PARTNER_LIST_QUERIES = 12
PARTNER_KANBAN_QUERIES = 18
# The client's form: its stat buttons and the colleagues' banner; what the
# Dossier tab shows of the client's contacts, history, people, projects and
# invoices is read when the tab is opened, by its sections.
CLIENT_FORM_QUERIES = 25
DOSSIER_TAB_QUERIES = 18
CONTACT_LIST_QUERIES = 7
# A partner filter of the addon, counted: the count and the reader's
# company; the upcoming dates and the days without contact read the reader's
# groups and time zone too (his today), the amounts its companies'
# currencies. None reads the matching clients first.
FILTER_QUERIES = 2
DATE_FILTER_QUERIES = 4
AMOUNT_FILTER_QUERIES = 5
# The contact log grouped by responsible: the groups and the responsibles'
# names. The report's pivot, four groupings: one aggregated query each, the
# rest reads the responsibles' names and what the reader's rules need (a
# manager's one more).
CONTACT_GROUPS_QUERIES = 3
REPORT_PIVOT_QUERIES = 9


def view_specification(env, model, view_type, view_id=False, x2many_ids=False):
    """The ``web_search_read``/``web_read`` specification of the fields of a
    view (the default one unless ``view_id``), as the web client builds it:
    relations read with their display name (and colour for tags); sub-views
    and x2many lists left out, or read as ids with ``x2many_ids``."""
    views = env[model].get_views([(view_id, view_type)])
    arch = etree.fromstring(views["views"][view_type]["arch"])
    model_fields = views["models"][model]["fields"]
    spec = {}
    for node in arch.iter("field"):
        if any(parent.tag == "field" for parent in node.iterancestors()):
            continue
        name = node.get("name")
        field = model_fields.get(name)
        if not field or name in spec:
            continue
        if field["type"] == "many2one":
            spec[name] = {"fields": {"display_name": {}}}
        elif field["type"] == "many2many" and node.get("widget") == "many2many_tags":
            sub = {"display_name": {}}
            if "color" in env[field["relation"]]._fields:
                sub["color"] = {}
            spec[name] = {"fields": sub}
        elif field["type"] in ("one2many", "many2many"):
            if x2many_ids:
                spec[name] = {}
        else:
            spec[name] = {}
    return spec


@tagged("post_install", "-at_install")
class TestPerformanceQueries(ReceivablesCommon):
    """The screens a dossier user opens every day take a number of queries
    that does not grow with the rows shown, the client's contacts or the
    company's invoices (assertQueryCount); tests/bench_scale.py times them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Set-up as superuser: the invoicing test user is outside the dossier.
        Partner = cls.env["res.partner"].sudo()
        cls.interest = cls.env["dossier.interest"].sudo().create({"name": "Sailing"})
        cls.clients = Partner.create(
            [
                {
                    "name": f"Client {i:03d}",
                    "is_company": True,
                    "user_id": cls.dossier_user.id,
                    "dossier_interest_ids": [Command.set(cls.interest.ids)],
                }
                for i in range(80)
            ]
        ).with_env(cls.env)
        # The people apart: Odoo creates the lines of a partner's one2many
        # with the rights of the test user, who may not set a birthday.
        Partner.create(
            [
                {
                    "name": f"Person {i:03d}",
                    "parent_id": client.id,
                    "dossier_birthdate": cls.today - timedelta(days=365 * 30 - i),
                }
                for i, client in enumerate(cls.clients)
            ]
        )
        moves = cls.env["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": client.id,
                    "invoice_date": cls.today - timedelta(days=40),
                    "invoice_date_due": cls.today - timedelta(days=10 * (i % 2)),
                    "invoice_line_ids": [
                        Command.create(
                            {"name": "Training", "price_unit": 100.0, "tax_ids": []}
                        )
                    ],
                }
                for i, client in enumerate(cls.clients)
            ]
        )
        moves.action_post()
        Contact = cls.env["dossier.contact"].sudo().with_context(tracking_disable=True)
        now = fields.Datetime.now()

        def contacts(client, count, planned=0):
            return [
                {
                    "partner_id": client.id,
                    "summary": f"Call {n}",
                    "date": now - timedelta(days=1 + n),
                    "user_id": cls.dossier_user_2.id,
                }
                for n in range(count)
            ] + [
                {
                    "partner_id": client.id,
                    "summary": f"Planned {n}",
                    "state": "planned",
                    "date": now + timedelta(days=1 + n),
                    "user_id": cls.dossier_user_2.id,
                }
                for n in range(planned)
            ]

        cls.big_client, cls.small_client = cls.clients[:2]
        Contact.create(
            contacts(cls.big_client, 60, planned=3) + contacts(cls.small_client, 2, 1)
        )

    def _as_user(self, model="res.partner"):
        return self.env[model].with_user(self.dossier_user)

    def _screen(self, view_type, limit, domain=None):
        Partner = self._as_user()
        spec = view_specification(Partner.env, "res.partner", view_type)
        domain = [("id", "in", self.clients.ids), *(domain or [])]
        return lambda: Partner.web_search_read(domain, spec, limit=limit)

    def assertScreenQueries(self, small, large, budget):
        """The same queries for both sizes, and within ``budget``."""
        count_small, count_large = self._count(small), self._count(large)
        _logger.info("queries: %s / %s (budget %s)", count_small, count_large, budget)
        self.assertEqual(count_small, count_large, "grows with the rows shown")
        self.assertLessEqual(count_large, budget)

    def test_partner_list_and_kanban_do_not_grow_with_the_rows(self):
        self.assertScreenQueries(
            self._screen("list", 8), self._screen("list", 80), PARTNER_LIST_QUERIES
        )
        self.assertScreenQueries(
            self._screen("kanban", 8),
            self._screen("kanban", 80),
            PARTNER_KANBAN_QUERIES,
        )
        rows = self._screen("kanban", 80)()["records"]
        self.assertEqual(len(rows), 80)
        overdue = [r for r in rows if r["dossier_amount_overdue"]]
        self.assertEqual(len(overdue), 40)

    def test_client_form_does_not_grow_with_the_client_contacts(self):
        Partner = self._as_user()
        spec = view_specification(Partner.env, "res.partner", "form")

        def form(client):
            return lambda: Partner.browse(client.id).web_read(spec)

        self.assertScreenQueries(
            form(self.small_client), form(self.big_client), CLIENT_FORM_QUERIES
        )
        values = form(self.big_client)()[0]
        self.assertEqual(values["dossier_contact_count"], 63)
        # The lists and dates of the Dossier tab are not read with the form.
        for name in (
            "dossier_timeline_contact_ids",
            "dossier_history_ids",
            "dossier_last_contact_date",
            "dossier_next_event_date",
            "dossier_circle_interest_ids",
            "dossier_people_birthday_ids",
            "dossier_amount_invoiced",
        ):
            self.assertNotIn(name, spec)

    def test_dossier_tab_does_not_grow_with_the_client_contacts(self):
        Partner = self._as_user()
        section_ids = dossier_tab_section_ids(Partner)
        self.assertEqual(len(section_ids), 2)
        specs = [
            view_specification(
                Partner.env, "res.partner", "form", view_id, x2many_ids=True
            )
            for view_id in section_ids
        ]

        def tab(client):
            # Opening the tab: each section reads the client.
            return lambda: [Partner.browse(client.id).web_read(s)[0] for s in specs]

        self.assertScreenQueries(
            tab(self.small_client), tab(self.big_client), DOSSIER_TAB_QUERIES
        )
        contacts, summary = tab(self.big_client)()
        latest = (
            self.big_client.sudo()
            .dossier_contact_ids.filtered(lambda c: c.state == "done")
            .sorted("date")[-1]
        )
        self.assertEqual(contacts["dossier_last_contact_date"], latest.date)
        self.assertEqual(len(contacts["dossier_timeline_contact_ids"]), 10)
        self.assertEqual(summary["dossier_amount_invoiced"], 100.0)
        self.assertEqual(summary["dossier_amount_unpaid"], 100.0)
        person = self.big_client.child_ids
        self.assertEqual(summary["dossier_people_birthday_ids"], person.ids)

    def test_contact_list_does_not_grow_with_the_rows(self):
        Contact = self._as_user("dossier.contact")
        spec = view_specification(Contact.env, "dossier.contact", "list")

        def page(limit):
            return lambda: Contact.web_search_read([], spec, limit=limit)

        self.assertScreenQueries(page(6), page(60), CONTACT_LIST_QUERIES)

    def _filters(self):
        arch = self._as_user().get_views([(False, "search")])["views"]["search"]
        context = {
            "context_today": lambda: fields.Date.context_today(self.env.user),
            "relativedelta": dateutil.relativedelta.relativedelta,
            "datetime": safe_datetime,
            "uid": self.dossier_user.id,
        }
        return {
            node.get("name"): safe_eval(node.get("domain"), context)
            for node in etree.fromstring(arch["arch"]).iter("filter")
            if node.get("name", "").startswith("dossier_") and node.get("domain")
        }

    def test_each_partner_filter_takes_a_fixed_number_of_queries(self):
        Partner = self._as_user()
        filters = self._filters()
        self.assertGreaterEqual(len(filters), 8, filters.keys())
        for name, domain in filters.items():
            with self.subTest(filter=name):
                budget = {
                    "dossier_has_unpaid": AMOUNT_FILTER_QUERIES,
                    "dossier_has_overdue": AMOUNT_FILTER_QUERIES,
                    "dossier_birthday_soon": DATE_FILTER_QUERIES,
                    "dossier_life_event_soon": DATE_FILTER_QUERIES,
                    "dossier_not_contacted_30": DATE_FILTER_QUERIES,
                    "dossier_not_contacted_90": DATE_FILTER_QUERIES,
                }.get(name, FILTER_QUERIES)
                count = self._count(lambda domain=domain: Partner.search_count(domain))
                _logger.info("filter %s: %s queries", name, count)
                self.assertLessEqual(count, budget)

    def test_unpaid_filters_are_subqueries_not_id_lists(self):
        """The filters give PostgreSQL one query on the invoices: never the
        ids of the matching clients, which the web client would send twice."""
        Partner = self._as_user()
        query = Partner._search([("dossier_amount_unpaid", ">", 0)])
        sql = query.select()
        self.assertIn("account_move", sql.code)
        self.assertFalse(
            [p for p in sql.params if isinstance(p, (list, tuple)) and len(p) > 2]
        )
        found = Partner.search(
            [("id", "in", self.clients.ids), ("dossier_amount_overdue", ">", 0)]
        )
        self.assertEqual(found, self.clients[1::2])
        self.assertEqual(
            Partner.search_count(
                [("id", "in", self.clients.ids), ("dossier_amount_unpaid", ">", 0)]
            ),
            80,
        )

    def test_receivable_indexes_are_partial_on_posted_customer_invoices(self):
        self.env.cr.execute(
            "SELECT indexname, indexdef FROM pg_indexes "
            "WHERE tablename = 'account_move' AND indexname LIKE 'dossier_%%'"
        )
        indexes = dict(self.env.cr.fetchall())
        self.assertEqual(
            set(indexes),
            {
                "dossier_account_move_receivable_idx",
                "dossier_account_move_open_due_idx",
                "dossier_account_move_open_credit_idx",
            },
        )
        for definition in indexes.values():
            self.assertIn("(commercial_partner_id, ", definition)
            self.assertIn("'posted'", definition)
            self.assertIn("out_invoice", definition)
        # The open credit notes alone: the few clients the filters sum.
        credit_index = indexes["dossier_account_move_open_credit_idx"]
        self.assertIn("'out_refund'::", credit_index)
        self.assertIn("not_paid", credit_index)
        open_index = indexes["dossier_account_move_open_due_idx"]
        self.assertIn("not_paid", open_index)
        # In the order of the credit allocation, with all it reads.
        self.assertIn("(commercial_partner_id, invoice_date_due, id)", open_index)
        self.assertIn(
            "INCLUDE (company_id, move_type, payment_state, "
            "amount_residual_signed, amount_total_signed)",
            open_index,
        )

    def test_groups_by_responsible_are_counted_by_id_alone(self):
        """Grouped by responsible, the log and the report group by the user's
        id alone (a few groups PostgreSQL counts in memory), the joined names
        only ordering the groups found; Odoo's own ordering would add them to
        the GROUP BY and sort every row first."""
        for model in ("dossier.contact", "dossier.contact.report"):
            Model = self.env[model].with_user(self.dossier_manager)
            for specs in (["user_id"], ["user_id", "date:month"]):
                query = Model._search([])
                terms = {spec: Model._read_group_groupby(spec, query) for spec in specs}
                query.groupby = SQL(", ").join(terms.values())
                grouped = query.groupby.code
                query.order = Model._read_group_orderby(",".join(specs), terms, query)
                self.assertEqual(query.groupby.code, grouped, (model, specs))
                self.assertIn("res_partner", query.select().code, (model, specs))
                if specs == ["user_id"]:
                    # Read by primary key once a group, nothing joined.
                    self.assertNotIn("JOIN", query.from_clause.code, model)
                else:
                    # The month has no statistics: joined, taken once a group.
                    self.assertIn("MIN(", query.order.code, model)

    def test_report_indexes_cover_the_pivot_and_the_client_button(self):
        self.env.cr.execute(
            "SELECT indexname, indexdef FROM pg_indexes "
            "WHERE tablename = 'dossier_contact' "
            "AND indexname LIKE 'dossier_contact_%%done%%'"
        )
        indexes = dict(self.env.cr.fetchall())
        self.assertEqual(
            set(indexes),
            {
                "dossier_contact_report_done_idx",
                "dossier_contact_report_user_done_idx",
                "dossier_contact_report_partner_done_idx",
            },
        )
        for definition in indexes.values():
            self.assertIn("WHERE ((state)::text = 'done'::text)", definition)
            self.assertIn("company_id", definition)
        self.assertIn(
            "(date) INCLUDE (user_id, company_id, confidentiality, create_uid, "
            "partner_id, lead_id)",
            indexes["dossier_contact_report_done_idx"],
        )
        self.assertIn(
            "(user_id, date) INCLUDE (company_id, partner_id, lead_id)",
            indexes["dossier_contact_report_user_done_idx"],
        )
        self.assertIn(
            "(partner_id, user_id) INCLUDE (company_id, confidentiality, "
            "create_uid, lead_id)",
            indexes["dossier_contact_report_partner_done_idx"],
        )

    def test_contact_list_grouped_by_responsible_is_one_aggregate(self):
        Contact = self._as_user("dossier.contact")

        def groups(domain):
            return lambda: Contact.web_read_group(
                domain, ["summary"], ["user_id"], limit=80
            )

        # One responsible's group, or all of them (the demo data's too).
        self.assertScreenQueries(
            groups([("partner_id", "=", self.small_client.id)]),
            groups([]),
            CONTACT_GROUPS_QUERIES,
        )
        found = {
            group["user_id"][0]: group["user_id_count"]
            for group in groups([])()["groups"]
            if group["user_id"]
        }
        self.assertEqual(found[self.dossier_user_2.id], 66)

    def test_report_pivot_takes_a_fixed_number_of_queries(self):
        """The default pivot (last 12 months, by responsible and month) as a
        user and as a manager: one query a grouping, whatever the contacts."""
        since = fields.Datetime.now() - timedelta(days=365)
        groupings = ([], ["user_id"], ["date:month"], ["user_id", "date:month"])
        measures = ["contact_count", "deal_count", "won_count", "won_rate"]

        def pivot(user, domain):
            Report = self.env["dossier.contact.report"].with_user(user)
            return lambda: [
                Report.read_group(
                    [("date", ">=", since), *domain], measures, groupby, lazy=False
                )
                for groupby in groupings
            ]

        clients = [("partner_id", "in", self.clients.ids)]
        for user in (self.dossier_user_2, self.dossier_manager):
            with self.subTest(user=user.login):
                self.assertScreenQueries(
                    pivot(user, [("partner_id", "=", self.small_client.id)]),
                    pivot(user, clients),
                    REPORT_PIVOT_QUERIES,
                )
        total = pivot(self.dossier_manager, clients)()[0][0]
        self.assertEqual(total["contact_count"], 62)
        # A user's pivot holds his own contacts only.
        self.assertFalse(pivot(self.dossier_user, clients)()[0][0]["contact_count"])

    def test_page_values_are_those_assigned_one_by_one(self):
        """The amounts and next dates of a page of partners, given a field at
        a time (assign_computed), are what each partner reads alone: rounded
        to the currency, with the same soonest date and its label."""
        clients = self.client | self.person | self.small_client | self.big_client
        partners = self.env["res.partner"].search([("id", "in", clients.ids)])
        fields_ = [
            "dossier_amount_unpaid",
            "dossier_amount_overdue",
            "dossier_unpaid_invoice_count",
            "dossier_next_event_date",
            "dossier_next_event_name",
        ]
        page = {p.id: [p[name] for name in fields_] for p in partners}
        for partner in partners:
            partner.invalidate_recordset()
            alone = self.env["res.partner"].browse(partner.id)
            self.assertEqual([alone[name] for name in fields_], page[partner.id])
        currency = self.env.company.currency_id
        amount = page[self.big_client.id][0]
        self.assertTrue(amount)
        self.assertEqual(amount, currency.round(amount))
        with self.assertRaises(ValueError):
            assign_computed(partners, {"name": ["A"] * len(partners)})
