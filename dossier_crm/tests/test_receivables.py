from datetime import timedelta

from lxml import etree

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .common import AMOUNT_FIELDS, ReceivablesCommon


@tagged("post_install", "-at_install")
class TestPartnerReceivables(ReceivablesCommon):
    def test_draft_invoice_counts_once_posted(self):
        invoice = self._invoice(1000.0, post=False)
        self.assertAmounts(invoiced=0.0, unpaid=0.0, dossier_unpaid_invoice_count=0)
        invoice.action_post()
        # Read in the same transaction, without any cache reset.
        self.assertEqual(self.client.dossier_amount_unpaid, 1000.0)
        self.assertAmounts(
            invoiced=1000.0,
            paid=0.0,
            unpaid=1000.0,
            overdue=0.0,
            dossier_unpaid_invoice_count=1,
            dossier_oldest_overdue_days=0,
        )

    def test_invoice_of_a_person_counts_for_the_company(self):
        self._invoice(800.0, partner=self.person)
        self._invoice(200.0)
        self.assertAmounts(invoiced=1000.0, unpaid=1000.0)
        self.assertAmounts(partner=self.person, invoiced=1000.0, unpaid=1000.0)
        self.assertEqual(self._amounts()["dossier_unpaid_invoice_count"], 2)

    def test_partial_then_full_payment(self):
        invoice = self._invoice(1000.0)
        self._pay(invoice, 400.0)
        self.assertEqual(invoice.payment_state, "partial")
        self.assertAmounts(
            invoiced=1000.0, paid=400.0, unpaid=600.0, dossier_unpaid_invoice_count=1
        )
        self._pay(invoice, 600.0)
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertAmounts(
            invoiced=1000.0, paid=1000.0, unpaid=0.0, dossier_unpaid_invoice_count=0
        )

    def test_overdue_amount_and_age(self):
        oldest = self._invoice(300.0, due_in=-10)
        self._invoice(200.0, due_in=-3)
        self._invoice(500.0, due_in=15)
        self.assertAmounts(unpaid=1000.0, overdue=500.0, dossier_oldest_overdue_days=10)
        self._pay(oldest, 100.0)
        self.assertAmounts(unpaid=900.0, overdue=400.0, dossier_oldest_overdue_days=10)
        self._pay(oldest, 200.0)
        self.assertAmounts(unpaid=700.0, overdue=200.0, dossier_oldest_overdue_days=3)

    def test_invoice_due_today_is_not_overdue(self):
        self._invoice(300.0, due_in=0)
        self.assertAmounts(unpaid=300.0, overdue=0.0, dossier_oldest_overdue_days=0)

    def test_credit_note_reduces_invoiced_and_unpaid(self):
        invoice = self._invoice(1000.0)
        self._invoice(300.0, move_type="out_refund", reversed_entry_id=invoice.id)
        self.assertAmounts(
            invoiced=700.0, paid=0.0, unpaid=700.0, dossier_unpaid_invoice_count=1
        )

    def test_reversed_invoice_leaves_nothing_due(self):
        invoice = self._invoice(1000.0, due_in=-5)
        self.assertAmounts(unpaid=1000.0, overdue=1000.0)
        invoice._reverse_moves(cancel=True)
        self.assertEqual(invoice.payment_state, "reversed")
        self.assertAmounts(
            invoiced=0.0,
            unpaid=0.0,
            overdue=0.0,
            dossier_unpaid_invoice_count=0,
            dossier_oldest_overdue_days=0,
        )

    def test_reset_to_draft_and_cancel(self):
        invoice = self._invoice(1000.0)
        paid = self._invoice(250.0)
        self._pay(paid, 250.0)
        self.assertAmounts(invoiced=1250.0, paid=250.0, unpaid=1000.0)
        invoice.button_draft()
        self.assertAmounts(invoiced=250.0, paid=250.0, unpaid=0.0)
        invoice.action_post()
        self.assertAmounts(invoiced=1250.0, unpaid=1000.0)
        invoice.button_draft()
        invoice.button_cancel()
        self.assertEqual(invoice.state, "cancel")
        self.assertAmounts(
            invoiced=250.0, paid=250.0, unpaid=0.0, dossier_unpaid_invoice_count=0
        )

    def test_foreign_currency_invoice_in_company_currency(self):
        # 1 USD = 2 EUR since 2017 (AccountTestInvoicingCommon's rates).
        eur = self.setup_other_currency("EUR")
        self.assertEqual(self.env.company.currency_id.name, "USD")
        invoice = self._invoice(1000.0, currency_id=eur.id)
        self.assertAmounts(invoiced=500.0, unpaid=500.0)
        self._pay(invoice, 400.0, currency_id=eur.id)
        self.assertAmounts(invoiced=500.0, paid=200.0, unpaid=300.0)
        self.assertEqual(self._amounts()["dossier_amount_unpaid"], 300.0)
        self.assertEqual(self.client.dossier_currency_id.name, "USD")

    def test_search_clients_with_unpaid_or_overdue_invoices(self):
        Partner = self.env["res.partner"]
        overdue_client = Partner.create({"name": "Late Payer", "is_company": True})
        paid_client = Partner.create({"name": "Good Payer", "is_company": True})
        silent_client = Partner.create({"name": "No Invoice", "is_company": True})
        self._invoice(500.0)
        self._invoice(200.0, partner=overdue_client, due_in=-20)
        self._pay(self._invoice(100.0, partner=paid_client), 100.0)
        ours = [
            self.client.id,
            self.person.id,
            overdue_client.id,
            paid_client.id,
            silent_client.id,
        ]

        def search(domain):
            return Partner.search([("id", "in", ours), *domain])

        self.assertEqual(
            search([("dossier_amount_unpaid", ">", 0)]),
            self.client | self.person | overdue_client,
        )
        self.assertEqual(search([("dossier_amount_overdue", ">", 0)]), overdue_client)
        self.assertEqual(
            search([("dossier_amount_unpaid", "=", 0)]), paid_client | silent_client
        )
        self.assertEqual(
            search([("dossier_amount_overdue", "<=", 0)]),
            self.client | self.person | paid_client | silent_client,
        )
        # The filters of the client search view use these domains.
        arch = Partner.get_views([(False, "search")])["views"]["search"]["arch"]
        filters = {
            node.get("name"): node.get("domain")
            for node in etree.fromstring(arch).iter("filter")
        }
        self.assertEqual(
            search(safe_eval(filters["dossier_has_overdue"])), overdue_client
        )
        self.assertEqual(
            search(safe_eval(filters["dossier_has_unpaid"])),
            self.client | self.person | overdue_client,
        )

    def test_unsupported_search_operator_is_a_clear_error(self):
        """Odoo 18 takes a search method's NotImplemented for a domain: an
        operator the amounts do not support is refused with a message."""
        Partner = self.env["res.partner"]
        for operator in ("in", "like"):
            with self.assertRaisesRegex(UserError, "only be compared"):
                Partner.search([("dossier_amount_unpaid", operator, [100.0])])
            with self.assertRaisesRegex(UserError, "only be compared"):
                Partner.search([("dossier_amount_overdue", operator, 100.0)])

    def test_amounts_of_80_clients_take_a_fixed_number_of_queries(self):
        clients = self.env["res.partner"].create(
            [{"name": f"Client {i}", "is_company": True} for i in range(80)]
        )
        moves = self.env["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": client.id,
                    "invoice_date": self.today - timedelta(days=40),
                    "invoice_date_due": self.today - timedelta(days=10 + i % 2),
                    "invoice_line_ids": [
                        Command.create(
                            {"name": "Training", "price_unit": 100.0, "tax_ids": []}
                        )
                    ],
                }
                for i, client in enumerate(clients)
            ]
        )
        moves.action_post()

        def count_queries(partners):
            self.env.invalidate_all()
            partners = partners.with_user(self.dossier_user).browse(partners.ids)
            before = self.cr.sql_log_count
            partners.read(list(AMOUNT_FIELDS))
            return self.cr.sql_log_count - before

        count_queries(clients[:8])  # warm the caches of the registry
        self.assertEqual(count_queries(clients[:8]), count_queries(clients))
        # One grouped query on the Receivables report (three on the invoices
        # before), plus reading the partners, the user (its time zone), the
        # companies and the currency, once each.
        self.env.invalidate_all()
        with self.assertQueryCount(6):
            clients.with_user(self.dossier_user).read(list(AMOUNT_FIELDS))
        self.env.invalidate_all()
        self.assertEqual(
            clients.with_user(self.dossier_user).mapped("dossier_amount_overdue"),
            [100.0] * 80,
        )


@tagged("post_install", "-at_install")
class TestReceivablesCompanies(ReceivablesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.eur = cls.setup_other_currency("EUR")
        cls.company_a = cls.env.company
        cls.company_b = cls.setup_other_company(
            name="Second Company", currency_id=cls.eur.id
        )["company"]
        cls.env.user.company_ids |= cls.company_b
        cls.invoice_a = cls._invoice(1000.0)
        cls.invoice_b = cls._invoice(600.0, due_in=-7, company=cls.company_b)
        cls.user_a = new_test_user(
            cls.env,
            login="user_company_a",
            groups="base.group_user,dossier_crm.group_dossier_manager",
            company_id=cls.company_a.id,
            company_ids=[Command.set(cls.company_a.ids)],
        )
        cls.user_ab = new_test_user(
            cls.env,
            login="user_company_ab",
            groups="base.group_user,dossier_crm.group_dossier_manager",
            company_id=cls.company_a.id,
            company_ids=[Command.set((cls.company_a | cls.company_b).ids)],
        )

    def test_user_of_company_a_sees_only_company_a(self):
        self.assertEqual(self.invoice_b.amount_total_signed, 600.0)
        self.assertAmounts(
            user=self.user_a, invoiced=1000.0, unpaid=1000.0, overdue=0.0
        )
        self.assertAmounts(
            user=self.user_ab,
            companies=self.company_a,
            invoiced=1000.0,
            overdue=0.0,
        )

    def test_amounts_of_several_companies_in_current_company_currency(self):
        # 600 EUR of the second company are 300 USD at the rate of 2.
        self.assertAmounts(
            user=self.user_ab,
            companies=self.company_a | self.company_b,
            invoiced=1300.0,
            unpaid=1300.0,
            overdue=300.0,
            dossier_oldest_overdue_days=7,
        )

    def test_report_has_one_row_per_company_and_follows_companies(self):
        Report = self.env["dossier.receivable.report"]
        domain = [("partner_id", "=", self.client.id)]
        rows = (
            Report.with_user(self.user_ab)
            .with_context(allowed_company_ids=(self.company_a | self.company_b).ids)
            .search(domain)
        )
        self.assertEqual(rows.company_id, self.company_a | self.company_b)
        row_b = rows.filtered(lambda r: r.company_id == self.company_b)
        self.assertEqual(row_b.currency_id, self.eur)
        self.assertEqual(row_b.amount_overdue, 600.0)
        rows = Report.with_user(self.user_a).search(domain)
        self.assertEqual(rows.company_id, self.company_a)
        self.assertEqual(rows.amount_unpaid, 1000.0)
