from datetime import timedelta

from dateutil.relativedelta import relativedelta
from lxml import etree

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools.misc import formatLang
from odoo.tools.safe_eval import safe_eval

from .common import BRIEF, ReceivablesCommon, brief_section, client_form_archs


@tagged("post_install", "-at_install")
class TestReceivablesAccess(ReceivablesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.unpaid = cls._invoice(700.0)
        cls.overdue = cls._invoice(300.0, due_in=-15)
        cls._pay(cls._invoice(100.0), 100.0)

    def test_dossier_user_reads_amounts_but_not_invoices(self):
        self.assertAmounts(
            user=self.dossier_user,
            invoiced=1100.0,
            paid=100.0,
            unpaid=1000.0,
            overdue=300.0,
            dossier_unpaid_invoice_count=2,
            dossier_oldest_overdue_days=15,
        )
        with self.assertRaises(AccessError):
            self.unpaid.with_user(self.dossier_user).read(["amount_total"])
        with self.assertRaises(AccessError):
            self.env["account.move"].with_user(self.dossier_user).search(
                [("partner_id", "=", self.client.id)]
            )
        with self.assertRaises(AccessError):
            self.client.with_user(
                self.dossier_user
            ).action_dossier_open_unpaid_invoices()

    def test_user_outside_the_dossier_does_not_read_amounts(self):
        with self.assertRaises(AccessError):
            self.client.with_user(self.plain_user).read(["dossier_amount_unpaid"])

    def _form_arch(self, user):
        # The form and its Dossier tab's sections, as the user sees them.
        return "\n".join(client_form_archs(self.env["res.partner"].with_user(user)))

    def test_smart_buttons_only_for_billing_users(self):
        self.assertNotIn(
            "action_dossier_open_unpaid_invoices", self._form_arch(self.dossier_user)
        )
        self.assertIn("dossier_amount_unpaid", self._form_arch(self.dossier_user))
        billing_arch = self._form_arch(self.billing_user)
        self.assertIn("action_dossier_open_unpaid_invoices", billing_arch)
        self.assertIn("action_dossier_open_overdue_invoices", billing_arch)
        accountant = new_test_user(
            self.env,
            login="accountant_only",
            groups="base.group_user,account.group_account_invoice",
        )
        accountant_arch = self._form_arch(accountant)
        self.assertIn("action_dossier_open_unpaid_invoices", accountant_arch)
        self.assertEqual(
            self.client.with_user(accountant).dossier_amount_unpaid, 1000.0
        )

    def test_billing_user_opens_unpaid_and_overdue_invoices(self):
        client = self.client.with_user(self.billing_user)
        Move = self.env["account.move"].with_user(self.billing_user)
        action = client.action_dossier_open_unpaid_invoices()
        self.assertEqual(action["res_model"], "account.move")
        self.assertEqual(Move.search(action["domain"]), self.unpaid | self.overdue)
        action = self.person.with_user(
            self.billing_user
        ).action_dossier_open_overdue_invoices()
        self.assertEqual(Move.search(action["domain"]), self.overdue)


@tagged("post_install", "-at_install")
class TestReceivableReport(ReceivablesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(
            cls.env,
            login="salesman_receivables",
            groups="base.group_user,dossier_crm.group_dossier_user",
        )
        Partner = cls.env["res.partner"]
        cls.client.user_id = cls.salesman
        cls.late_called = Partner.create({"name": "Late, called", "is_company": True})
        cls.late_silent = Partner.create({"name": "Late, silent", "is_company": True})
        cls.paid_client = Partner.create({"name": "Paid up", "is_company": True})
        cls.clients = cls.client | cls.late_called | cls.late_silent | cls.paid_client
        cls._invoice(1000.0, due_in=-20)
        cls._invoice(400.0, due_in=10)
        cls._invoice(300.0, move_type="out_refund")
        cls._invoice(500.0, partner=cls.late_called, due_in=-30)
        cls._invoice(250.0, partner=cls.late_silent, due_in=-2)
        cls._pay(cls._invoice(900.0, partner=cls.paid_client), 900.0)
        Contact = cls.env["dossier.contact"].with_user(cls.dossier_manager)
        now = fields.Datetime.now()
        Contact.create(
            [
                {
                    "partner_id": cls.client.id,
                    "summary": "Called about the overdue invoice",
                    "date": now - timedelta(days=20),
                },
                {
                    "partner_id": cls.late_called.id,
                    "summary": "Discussed the payment schedule",
                    "date": now - timedelta(days=3),
                },
            ]
        )

    def _rows(self, domain=(), user=None):
        Report = self.env["dossier.receivable.report"].with_user(
            user or self.dossier_manager
        )
        return Report.search([("partner_id", "in", self.clients.ids), *domain])

    def test_report_row_per_client(self):
        row = self._rows([("partner_id", "=", self.client.id)])
        self.assertEqual(len(row), 1)
        self.assertEqual(row.user_id, self.salesman)
        self.assertEqual(row.amount_invoiced, 1100.0)
        self.assertEqual(row.amount_paid, 0.0)
        self.assertEqual(row.amount_unpaid, 1100.0)
        # The open credit note goes to the oldest invoice, the overdue one.
        self.assertEqual(row.amount_overdue, 1000.0 - 300.0)
        self.assertEqual(row.oldest_overdue_days, 20)
        self.assertEqual(row.unpaid_invoice_count, 2)
        self.assertEqual(row.last_contact_date, self.client.dossier_last_contact_date)
        self.assertTrue(row.last_contact_date)
        paid = self._rows([("partner_id", "=", self.paid_client.id)])
        self.assertEqual(
            (paid.amount_invoiced, paid.amount_paid, paid.amount_unpaid),
            (900.0, 900.0, 0.0),
        )

    def test_report_dates_follow_the_contacts_without_grouping_them(self):
        """The row's dates are the client's per company (dossier.contact.dates):
        a contact logged or planned shows at once, and the report never
        groups every contact of the database to find them."""
        self.assertFalse(
            self._rows([("partner_id", "=", self.late_silent.id)]).last_contact_date
        )
        now = fields.Datetime.now()
        Contact = self.env["dossier.contact"].with_user(self.dossier_manager)
        done, planned = Contact.create(
            [
                {
                    "partner_id": self.late_silent.id,
                    "summary": "Reminded of the invoice",
                    "date": now - timedelta(days=1),
                },
                {
                    "partner_id": self.late_silent.id,
                    "summary": "Call again",
                    "date": now + timedelta(days=4),
                    "state": "planned",
                },
            ]
        )
        # A report row is read again at each request: its cache is dropped.
        self.env["dossier.receivable.report"].invalidate_model()
        row = self._rows([("partner_id", "=", self.late_silent.id)])
        self.assertEqual(
            (row.last_contact_date, row.next_contact_date), (done.date, planned.date)
        )
        planned.date = now + timedelta(days=2)
        row.invalidate_recordset()
        self.assertEqual(row.next_contact_date, planned.date)
        sql = self.env["dossier.receivable.report"]._table_query.code
        self.assertIn('"dossier_contact_dates"', sql)
        self.assertNotIn("FROM dossier_contact\n", sql)

    def test_report_filters(self):
        # The contact-date filter is for dossier users, who read the dates.
        Report = self.env["dossier.receivable.report"].with_user(self.billing_user)
        arch = Report.get_views([(False, "search")])
        filters = {
            node.get("name"): node.get("domain")
            for node in etree.fromstring(arch["views"]["search"]["arch"]).iter("filter")
        }
        context = {
            "context_today": lambda: self.today,
            "relativedelta": relativedelta,
            "uid": self.env.uid,
        }
        has_overdue = self._rows(safe_eval(filters["has_overdue"], context))
        self.assertEqual(
            has_overdue.partner_id, self.client | self.late_called | self.late_silent
        )
        not_contacted = self._rows(safe_eval(filters["overdue_not_contacted"], context))
        self.assertEqual(not_contacted.partner_id, self.client | self.late_silent)

    def test_pivot_totals(self):
        groups = (
            self.env["dossier.receivable.report"]
            .with_user(self.dossier_manager)
            .read_group(
                [("partner_id", "in", self.clients.ids)],
                ["amount_unpaid:sum", "amount_overdue:sum", "oldest_overdue_days:max"],
                [],
            )
        )
        self.assertEqual(groups[0]["amount_unpaid"], 1850.0)
        self.assertEqual(groups[0]["amount_overdue"], 1000.0 - 300.0 + 500.0 + 250.0)
        self.assertEqual(groups[0]["oldest_overdue_days"], 30)

    def test_plan_payment_reminders(self):
        rows = self._rows()
        before = self.env["dossier.contact"].sudo().search([]).ids
        rows.with_user(self.dossier_manager).action_plan_payment_reminder()
        planned = self.env["dossier.contact"].sudo().search([("id", "not in", before)])
        self.assertEqual(
            planned.partner_id, self.client | self.late_called | self.late_silent
        )
        self.assertEqual(set(planned.mapped("state")), {"planned"})
        self.assertEqual(set(planned.mapped("channel")), {"phone"})
        self.assertEqual(set(planned.mapped("source")), {"payment_reminder"})
        by_client = {contact.partner_id: contact for contact in planned}
        self.assertEqual(by_client[self.client].user_id, self.salesman)
        self.assertEqual(by_client[self.late_silent].user_id, self.dossier_manager)
        # 1,000 overdue less the open credit note of 300.
        self.assertIn("700.00", by_client[self.client].summary)

    def test_payment_reminder_is_not_planned_twice(self):
        rows = self._rows([("partner_id", "in", (self.client | self.late_silent).ids)])
        Contact = self.env["dossier.contact"].sudo()
        reminders = [("payment_reminder", "=", True), ("state", "=", "planned")]
        rows[:1].with_user(self.dossier_manager).action_plan_payment_reminder()
        first = Contact.search(reminders)
        self.assertEqual(first.partner_id, rows[:1].partner_id)
        # Planning for both now only adds the client without a pending reminder.
        rows.with_user(self.dossier_manager).action_plan_payment_reminder()
        both = Contact.search(reminders)
        self.assertEqual(both.partner_id, self.client | self.late_silent)
        self.assertEqual(len(both), 2)
        with self.assertRaises(UserError):
            rows.with_user(self.dossier_manager).action_plan_payment_reminder()
        self.assertEqual(Contact.search(reminders), both)
        # Once the call is done, a new reminder may be planned.
        first.action_done()
        rows[:1].with_user(self.dossier_manager).action_plan_payment_reminder()
        self.assertEqual(len(Contact.search(reminders)), 2)

    def test_reminder_for_clients_who_owe_nothing_is_refused(self):
        rows = self._rows([("partner_id", "=", self.paid_client.id)])
        with self.assertRaises(UserError):
            rows.with_user(self.dossier_manager).action_plan_payment_reminder()

    def test_report_access(self):
        self.assertTrue(self._rows(user=self.billing_user))
        with self.assertRaises(AccessError):
            self._rows(user=self.dossier_user)
        with self.assertRaises(AccessError):
            self._rows(user=self.plain_user)


@tagged("post_install", "-at_install")
class TestReceivablesBrief(ReceivablesCommon):
    """The invoice section of the client brief follows the reader's rights."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.current = cls._invoice(1000.0, due_in=30)
        cls.overdue = cls._invoice(400.0, due_in=-12)
        cls._pay(cls.overdue, 150.0)
        cls.paid = cls._invoice(80.0, partner=cls.person)
        cls._pay(cls.paid, 80.0)
        cls.draft = cls._invoice(999.0, post=False)
        cls.accountant = new_test_user(
            cls.env,
            login="brief_accountant",
            groups="base.group_user,account.group_account_invoice",
        )

    def _brief(self, user):
        self.env.invalidate_all()
        html, __ = (
            self.env["ir.actions.report"]
            .with_user(user)
            ._render_qweb_html(BRIEF, self.client.ids)
        )
        return html.decode()

    def _amount(self, amount):
        return formatLang(self.env, amount)

    def test_dossier_user_sees_the_amounts_but_no_invoice(self):
        html = self._brief(self.dossier_user)
        section = brief_section(html, "invoices")
        # 1000 + 400 + 80 invoiced, 150 + 80 paid; 250 of the overdue one left.
        for label, amount in (
            ("Invoiced", 1480.0),
            ("Paid", 230.0),
            ("Unpaid", 1250.0),
            ("Overdue", 250.0),
        ):
            self.assertIn(label, section)
            self.assertIn(self._amount(amount), section)
        self.assertIn("Unpaid invoices", section)
        self.assertIn("12</span> days", section)
        for invoice in self.current | self.overdue | self.paid:
            self.assertNotIn(invoice.name, html)
        self.assertNotIn(self._amount(999.0), html)

    def test_billing_user_sees_the_open_invoices(self):
        section = brief_section(self._brief(self.billing_user), "invoices")
        self.assertIn(self._amount(1250.0), section)
        self.assertIn(self.current.name, section)
        self.assertIn(self.overdue.name, section)
        self.assertNotIn(self.paid.name, section)
        self.assertIn(self._amount(1000.0), section)  # residual of each invoice
        self.assertIn(self._amount(250.0), section)
        # The overdue invoice is marked, and it is the only one.
        self.assertEqual(section.count("(overdue)"), 1)
        overdue_row = section[section.index(self.overdue.name) :]
        self.assertIn("(overdue)", overdue_row[: overdue_row.index("</tr>")])
        # Soonest due first.
        self.assertLess(
            section.index(self.overdue.name), section.index(self.current.name)
        )

    def test_readers_without_rights_get_nothing_about_invoices(self):
        # The brief is for the dossier: outsiders and accountants outside the
        # dossier cannot print it, so they never see the section either.
        for user in (self.plain_user, self.accountant):
            with self.assertRaises(AccessError):
                self._brief(user)
        self.assertNotIn(self.plain_user, self.env.ref(BRIEF).groups_id.users)
