from datetime import datetime, time, timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import ReceivablesCommon, brief_section

FULL = "dossier_crm.action_report_dossier_full"
BRIEF = "dossier_crm.action_report_dossier_brief"


class HistoryCommon(ReceivablesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The invoicing test user of the fixture is outside the dossier: the
        # whole history is read as superuser.
        cls.History = cls.env["dossier.history"].sudo()
        cls.salesman = new_test_user(
            cls.env,
            login="history_salesman",
            name="Semyon Seller",
            # Own documents only: with Sales installed, "All Documents"
            # salespeople read every invoice (sale's "All Invoices" rule).
            groups="base.group_user,dossier_crm.group_dossier_user,"
            "sales_team.group_sale_salesman",
        )
        cls.now = fields.Datetime.now().replace(microsecond=0)

    @classmethod
    def _contact(cls, summary, days_ago=1, user=None, **vals):
        return (
            cls.env["dossier.contact"]
            .with_user(user or cls.dossier_user)
            .create(
                {
                    "partner_id": cls.client.id,
                    "summary": summary,
                    "date": cls.now - timedelta(days=days_ago),
                    **vals,
                }
            )
        )

    @classmethod
    def _deal(cls, name, partner=None, **vals):
        return (
            cls.env["crm.lead"]
            .sudo()
            .create(
                {
                    "name": name,
                    "type": "opportunity",
                    "partner_id": (partner or cls.person).id,
                    "user_id": cls.salesman.id,
                    "expected_revenue": 5000.0,
                    **vals,
                }
            )
        )

    def _lines(self, user=None, domain=None):
        History = self.History.with_user(user) if user else self.History
        return History.search([("partner_id", "=", self.client.id), *(domain or [])])

    def _line(self, record, kind, user=None):
        lines = self._lines(
            user, [("res_model", "=", record._name), ("res_id", "=", record.id)]
        )
        return lines.filtered(lambda line: line.kind == kind)


@tagged("post_install", "-at_install")
class TestClientHistory(HistoryCommon):
    def test_done_contacts_are_history_planned_and_cancelled_are_not(self):
        done = self._contact("Call about the offer", contact_person_id=self.person.id)
        planned = self._contact("Call back", days_ago=-3, state="planned")
        cancelled = self._contact("Visit", state="cancelled")
        line = self._line(done, "contact")
        self.assertEqual(len(line), 1)
        self.assertEqual(line.date, done.date)
        self.assertEqual(line.partner_id, self.client)
        self.assertEqual(line.person_id, self.person)
        self.assertEqual(line.user_id, self.dossier_user)
        self.assertEqual(line.name, "Call about the offer")
        self.assertEqual(line.company_id, done.company_id)
        self.assertFalse(line.amount)
        self.assertFalse(self._line(planned, "contact"))
        self.assertFalse(self._line(cancelled, "contact"))
        # Planned, then done: it becomes history.
        planned.write({"state": "done", "date": self.now - timedelta(hours=1)})
        self.assertTrue(self._line(planned, "contact"))

    def test_deal_created_won_and_lost_for_the_client_company(self):
        won = self._deal("Sales training")
        lost = self._deal("Coaching", partner=self.client)
        open_deal = self._deal("Audit")
        won.action_set_won()
        lost.action_set_lost()
        self.env.flush_all()
        created = self._line(won, "deal_created")
        self.assertEqual(created.date, won.create_date)
        self.assertEqual(created.partner_id, self.client)
        self.assertEqual(created.person_id, self.person, "the deal's person")
        self.assertEqual(created.user_id, self.salesman)
        self.assertEqual(created.amount, 5000.0)
        self.assertEqual(created.currency_id, self.env.company.currency_id)
        won_line = self._line(won, "deal_won")
        self.assertEqual(won_line.date, won.date_closed)
        self.assertFalse(self._line(won, "deal_lost"))
        lost_line = self._line(lost, "deal_lost")
        self.assertEqual(lost_line.date, lost.date_closed)
        self.assertFalse(lost_line.person_id, "the deal is the company's own")
        self.assertTrue(
            self._line(lost, "deal_created"), "an archived deal was created"
        )
        self.assertFalse(self._line(lost, "deal_won"))
        self.assertTrue(self._line(open_deal, "deal_created"))
        self.assertFalse(
            self._line(open_deal, "deal_won") | self._line(open_deal, "deal_lost")
        )
        # Restored, the lost deal is no longer lost.
        lost.action_unarchive()
        self.assertFalse(self._line(lost, "deal_lost"))

    def test_invoice_issued_then_paid_on_the_last_payment_date(self):
        invoice = self._invoice(1000.0, partner=self.person)
        draft = self._invoice(300.0, post=False)
        refund = self._invoice(100.0, move_type="out_refund")
        issued = self._line(invoice, "invoice_issued")
        self.assertEqual(len(issued), 1)
        self.assertEqual(issued.date.date(), invoice.invoice_date)
        self.assertEqual(issued.partner_id, self.client)
        self.assertEqual(issued.person_id, self.person)
        self.assertEqual(issued.amount, 1000.0)
        self.assertEqual(issued.name, invoice.name)
        self.assertFalse(self._line(draft, "invoice_issued"), "a draft is not issued")
        self.assertFalse(
            self._line(refund, "invoice_issued"), "a credit note is no invoice"
        )
        # Partly paid: not paid yet.
        self._pay(invoice, 400.0, payment_date=self.today - timedelta(days=3))
        self.assertFalse(self._line(invoice, "invoice_paid"))
        self._pay(invoice, 600.0, payment_date=self.today - timedelta(days=1))
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        paid = self._line(invoice, "invoice_paid")
        self.assertEqual(len(paid), 1)
        self.assertEqual(paid.date.date(), self.today - timedelta(days=1))
        self.assertEqual(paid.amount, 1000.0)

    def test_line_ids_are_unique_and_open_their_record(self):
        contact = self._contact("Meeting")
        deal = self._deal("Sales training")
        invoice = self._invoice(200.0)
        lines = self._lines()
        self.assertEqual(len(set(lines.ids)), len(lines))
        for record, kind in (
            (contact, "contact"),
            (deal, "deal_created"),
            (invoice, "invoice_issued"),
        ):
            line = self._line(record, kind)
            self.assertEqual(line.id // 100, record.id)
            action = line.action_open_record()
            self.assertEqual(action["res_model"], record._name)
            self.assertEqual(action["res_id"], record.id)
            self.assertEqual(action["views"], [(False, "form")])
        self.assertEqual(lines[0].date, max(lines.mapped("date")), "latest first")

    def test_view_rebuilt_without_the_kinds_of_an_uninstalled_module(self):
        # What a glue module's uninstall hook does with its own kinds.
        invoice = self._invoice(100.0)
        self._pay(invoice, 100.0)
        self._contact("Call")
        self.History._history_create_view(exclude_kinds=["invoice_paid"])
        self.assertEqual(
            set(self._lines().mapped("kind")), {"contact", "invoice_issued"}
        )
        self.History._history_create_view()
        self.assertIn("invoice_paid", self._lines().mapped("kind"))

    def test_dossier_tab_shows_the_latest_20_and_show_all(self):
        Contact = self.env["dossier.contact"].sudo().with_context(tracking_disable=True)
        Contact.create(
            [
                {
                    "partner_id": self.client.id,
                    "summary": f"Call {n}",
                    "date": self.now - timedelta(days=n),
                }
                for n in range(1, 26)
            ]
        )
        other = self.env["res.partner"].create(
            {"name": "Other Client", "is_company": True}
        )
        Contact.create({"partner_id": other.id, "summary": "Other call"})
        person = self.person.with_user(self.dossier_user)
        latest = person.dossier_history_ids
        self.assertEqual(len(latest), 20)
        self.assertEqual(latest, self._lines(self.dossier_user)[:20])
        self.assertEqual(set(latest.partner_id.ids), {self.client.id})
        # Several clients at once get their own lines each.
        both = (self.client | other).with_user(self.dossier_user)
        self.assertEqual(len(both[1].dossier_history_ids), 1)
        action = person.action_dossier_open_history()
        self.assertEqual(action["res_model"], "dossier.history")
        self.assertEqual(action["domain"], [("partner_id", "=", self.client.id)])

    def test_report_groups_by_kind_and_month(self):
        self._contact("Call 1")
        self._contact("Call 2", days_ago=40)
        # A colleague's invoice: the salesman reads no invoice without Sales,
        # and only his own with it (sale's "Personal Invoices" rule).
        self._invoice(100.0, invoice_user_id=self.billing_user.id)
        self._deal("Sales training")
        groups = self.History.with_user(self.salesman)._read_group(
            [("partner_id", "=", self.client.id)], ["kind", "date:month"], ["__count"]
        )
        totals = {}
        for kind, _month, count in groups:
            totals[kind] = totals.get(kind, 0) + count
        self.assertEqual(totals, {"contact": 2, "deal_created": 1})
        self.assertEqual(
            sum(totals.values()),
            self.History.with_user(self.salesman).search_count(
                [("partner_id", "=", self.client.id)]
            ),
        )

    def test_brief_has_a_history_section(self):
        self._contact("Call about the offer")
        invoice = self._invoice(1000.0)
        html = self._render(BRIEF, self.billing_user)
        section = brief_section(html, "history")
        self.assertIn("Last 12 months", section)
        self.assertIn("Contact", section)
        self.assertIn("Invoice issued", section)
        self.assertIn(invoice.name, section)
        self.assertNotIn(
            "Call about the offer", section, "contacts have their own section"
        )
        # The full dossier has it too; a reader of no invoice sees none.
        self.assertIn(
            invoice.name,
            brief_section(self._render(FULL, self.billing_user), "history"),
        )
        section = brief_section(self._render(BRIEF, self.dossier_user), "history")
        self.assertNotIn(invoice.name, section)
        self.assertNotIn("Invoice issued", section)

    def test_brief_has_no_history_section_without_lines(self):
        html = self._render(BRIEF, self.dossier_user)
        self.assertNotIn('name="history"', html)

    def _render(self, report, user):
        html, _format = (
            self.env["ir.actions.report"]
            .with_user(user)
            ._render_qweb_html(report, self.client.ids)
        )
        return html.decode()


@tagged("post_install", "-at_install")
class TestClientHistoryAccess(HistoryCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.shared = cls._contact("Shared call")
        cls.private = cls._contact(
            "Private call", user=cls.dossier_user_2, confidentiality="private"
        )
        cls.deal = cls._deal("Sales training")
        # Another user's invoice: without Sales a salesperson has no right on
        # invoices at all; with it, only on his own ("Personal Invoices").
        cls.invoice = cls._invoice(1000.0, invoice_user_id=cls.billing_user.id)

    def _kinds(self, user):
        return set(self._lines(user).mapped("kind"))

    def test_salesperson_without_invoicing_rights_sees_no_invoice_line(self):
        self.assertFalse(self.invoice.with_user(self.salesman).has_access("read"))
        self.assertEqual(self._kinds(self.salesman), {"contact", "deal_created"})
        line = self._line(self.invoice, "invoice_issued")
        with self.assertRaises(AccessError):
            line.with_user(self.salesman).read(["name"])
        # Counted nowhere either: grouped, counted or read by id.
        groups = self.History.with_user(self.salesman)._read_group(
            [("partner_id", "=", self.client.id)], ["kind"], ["__count"]
        )
        self.assertNotIn("invoice_issued", dict(groups))
        self.assertFalse(
            self.History.with_user(self.salesman).search_count([("id", "=", line.id)])
        )
        # The billing user reads it; the dossier user without CRM rights
        # sees no deal.
        self.assertIn("invoice_issued", self._kinds(self.billing_user))
        self.assertNotIn("deal_created", self._kinds(self.billing_user))
        self.assertEqual(
            line.with_user(self.billing_user).read(["name"])[0]["name"],
            self.invoice.name,
        )

    def test_colleague_private_contact_is_not_in_the_history(self):
        line = self._line(self.private, "contact")
        self.assertTrue(line)
        self.assertNotIn(line, self._lines(self.dossier_user))
        self.assertIn(
            self._line(self.shared, "contact"), self._lines(self.dossier_user)
        )
        self.assertIn(line, self._lines(self.dossier_user_2), "its author reads it")
        with self.assertRaises(AccessError):
            self.History.with_user(self.dossier_user).browse(line.id).read(["name"])
        with self.assertRaises(AccessError):
            line.with_user(self.dossier_user).action_open_record()
        # Not on the dossier tab either.
        tab = self.person.with_user(self.dossier_user).dossier_history_ids
        self.assertNotIn(line.id, tab.ids)
        self.assertIn(self._line(self.shared, "contact").id, tab.ids)

    def test_salesman_sees_the_deals_crm_lets_him_read(self):
        own_only = new_test_user(
            self.env,
            login="history_own_leads",
            groups="base.group_user,dossier_crm.group_dossier_user,"
            "sales_team.group_sale_salesman",
        )
        mine = self._deal("Mine", user_id=own_only.id)
        lines = self._lines(own_only, [("kind", "=", "deal_created")])
        self.assertEqual(
            lines.mapped("res_id"), [mine.id], "only his own deals (crm's rule)"
        )

    def test_users_outside_the_dossier_read_no_history(self):
        with self.assertRaises(AccessError):
            self.History.with_user(self.plain_user).search([])

    def test_other_company_lines_are_hidden(self):
        other = self.setup_other_company(name="History Second Company")["company"]
        foreign = (
            self.env["dossier.contact"]
            .sudo()
            .with_company(other)
            .create(
                {
                    "partner_id": self.client.id,
                    "summary": "Call from the other firm",
                    "company_id": other.id,
                }
            )
        )
        line = self._line(foreign, "contact")
        self.assertEqual(line.company_id, other)
        self.assertNotIn(line, self._lines(self.dossier_user))
        self.dossier_user.company_ids |= other
        History = self.History.with_user(self.dossier_user).with_context(
            allowed_company_ids=[self.env.company.id, other.id]
        )
        self.assertIn(line, History.search([("partner_id", "=", self.client.id)]))


@tagged("post_install", "-at_install")
class TestClientHistoryQueries(HistoryCommon):
    """The first page of a client's history and the dossier tab take the same
    queries for a client with just over a page of lines and one with many
    (the count of the pager is one query in both)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.small, cls.big = Partner.create(
            [{"name": "Small", "is_company": True}, {"name": "Big", "is_company": True}]
        )
        # Contacts before the invoice: both first pages show an invoice line
        # and contact lines, so that they read the same related records.
        start = datetime.combine(cls.today - timedelta(days=6), time(9))
        Contact = cls.env["dossier.contact"].sudo().with_context(tracking_disable=True)
        Contact.create(
            [
                {
                    "partner_id": client.id,
                    "summary": f"Call {n}",
                    "date": start - timedelta(hours=n),
                }
                for client, count in ((cls.small, 85), (cls.big, 600))
                for n in range(count)
            ]
        )
        cls.small_latest = start
        for client in (cls.small, cls.big):
            cls._invoice(100.0, partner=client)

    def test_first_page_and_tab_do_not_grow_with_the_lines(self):
        History = self.History.with_user(self.billing_user)
        spec = {
            "date": {},
            "kind": {},
            "name": {},
            "amount": {},
            "currency_id": {"fields": {"display_name": {}}},
            "person_id": {"fields": {"display_name": {}}},
            "user_id": {"fields": {"display_name": {}}},
        }

        def page(client):
            return lambda: History.web_search_read(
                [("partner_id", "=", client.id)], spec, limit=80
            )

        def tab(client):
            return lambda: client.with_user(self.billing_user).web_read(
                {"dossier_history_ids": {"fields": spec}}
            )

        self.assertEqual(self._count(page(self.small)), self._count(page(self.big)))
        self.assertEqual(self._count(tab(self.small)), self._count(tab(self.big)))
        result = page(self.big)()
        self.assertEqual(result["length"], 601)
        self.assertEqual(len(result["records"]), 80)
        self.assertEqual(len(tab(self.big)()[0]["dossier_history_ids"]), 20)

    def test_tab_shows_each_clients_latest_lines_in_one_batch(self):
        """The dossier tab's lines are the first page of the client's history
        in its order, for each client of a batch, as the reader sees them and
        as the superuser does; PostgreSQL stops each source at a page."""
        # Same date as the latest call: the order falls back on the line id.
        self.env["dossier.contact"].sudo().create(
            {"partner_id": self.small.id, "summary": "Tie", "date": self.small_latest}
        )
        clients = self.small | self.big
        for user in (self.billing_user, self.env.ref("base.user_root")):
            History = self.env["dossier.history"].with_user(user)
            partners = clients.with_user(user)
            partners.invalidate_recordset(["dossier_history_ids"])
            with self.subTest(user=user.login):
                for client in partners:
                    self.assertEqual(
                        client.dossier_history_ids.ids,
                        History.search([("partner_id", "=", client.id)], limit=20).ids,
                    )
        History = self.env["dossier.history"].with_user(self.billing_user)
        latest = History.with_context(
            dossier_history_latest=(tuple(clients.ids), 20)
        )._search([("partner_id", "in", clients.ids)])
        self.assertIn("LIMIT", latest.select().code)

    def test_lines_read_by_id_go_through_their_records(self):
        # Reading lines by id narrows every source to the records' ids, so
        # that PostgreSQL reads them through primary keys, not the whole view.
        History = self.History.with_user(self.billing_user)
        line = History.search(
            [("partner_id", "=", self.big.id), ("kind", "=", "contact")], limit=1
        )
        query = History._search([("id", "in", line.ids)])
        self.assertIn('"res_id" IN', query.select().code)
        self.assertEqual(line.read(["name"])[0]["name"], "Call 0")

    def test_lines_read_by_id_plan_only_the_sources_of_their_kinds(self):
        # A contact line read by id (the dossier tab reads its 20 lines so)
        # goes through the contacts alone: PostgreSQL plans one SELECT, not
        # the union of every source; a line of each kind is still read.
        History = self.History.with_user(self.billing_user)
        contact = History.search(
            [("partner_id", "=", self.big.id), ("kind", "=", "contact")], limit=1
        )
        invoice = History.search(
            [("partner_id", "=", self.big.id), ("kind", "=", "invoice_issued")]
        )
        self.assertEqual(len(invoice), 1)
        sql = History._search([("id", "in", contact.ids)]).select().code
        self.assertIn("dossier_contact", sql)
        self.assertNotIn("account_move", sql)
        self.assertNotIn("crm_lead", sql)
        both = History.browse((contact | invoice).ids)
        both.invalidate_recordset()
        self.assertEqual(
            {line.kind: line.name for line in both},
            {"contact": "Call 0", "invoice_issued": invoice.name},
        )
        self.assertIn("account_move", both._as_query().select().code)
