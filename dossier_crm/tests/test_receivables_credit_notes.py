from lxml import etree

from odoo.tests import tagged

from .common import ReceivablesCommon


@tagged("post_install", "-at_install")
class TestReceivablesCreditNotes(ReceivablesCommon):
    """The one rule of unmatched credit notes: the client's credit, applied to
    its unpaid invoices oldest due date first. Every expected figure is
    computed here from the amounts the test books."""

    def _report_row(self):
        self.env.invalidate_all()
        return self.env["dossier.receivable.report"].search(
            [("partner_id", "=", self.client.id)]
        )

    def assertReportAgrees(self, **expected):
        row = self._report_row()
        self.assertEqual(len(row), 1)
        for name, value in expected.items():
            self.assertAlmostEqual(row[name], value, places=2, msg=name)

    def test_invoice_partial_payment_and_unmatched_credit_note(self):
        invoiced, paid, credit = 1000.0, 400.0, 250.0
        invoice = self._invoice(invoiced, due_in=-20)
        self._pay(invoice, paid)
        # A credit note nobody matched with the invoice: still open.
        refund = self._invoice(credit, move_type="out_refund")
        self.assertEqual(refund.payment_state, "not_paid")
        self.assertEqual(invoice.payment_state, "partial")
        owed = invoiced - paid - credit
        self.assertAmounts(
            invoiced=invoiced - credit,
            paid=paid,
            unpaid=owed,
            overdue=owed,
            dossier_unpaid_invoice_count=1,
            dossier_oldest_overdue_days=20,
        )
        self.assertReportAgrees(
            amount_invoiced=invoiced - credit,
            amount_paid=paid,
            amount_unpaid=owed,
            amount_overdue=owed,
            unpaid_invoice_count=1,
            oldest_overdue_days=20,
        )

    def test_credit_covering_the_overdue_invoices_leaves_nothing_overdue(self):
        # The case users met: Invoiced 0 and Unpaid 0, but the overdue
        # invoices' residual shown as Overdue, with "3 unpaid invoices".
        amounts = (100.0, 250.0, 400.0)
        for amount in amounts:
            self._invoice(amount, due_in=-10)
        self._invoice(sum(amounts), move_type="out_refund")
        self.assertAmounts(
            invoiced=0.0,
            paid=0.0,
            unpaid=0.0,
            overdue=0.0,
            dossier_unpaid_invoice_count=0,
            dossier_oldest_overdue_days=0,
        )
        self.assertReportAgrees(
            amount_unpaid=0.0, amount_overdue=0.0, unpaid_invoice_count=0
        )
        Partner = self.env["res.partner"]
        self.assertNotIn(
            self.client, Partner.search([("dossier_amount_overdue", ">", 0)])
        )
        self.assertIn(self.client, Partner.search([("dossier_amount_overdue", "=", 0)]))

    def test_credit_goes_to_the_oldest_invoice_first(self):
        old, recent, credit = 300.0, 200.0, 100.0
        self._invoice(old, due_in=-40)
        self._invoice(recent, due_in=10)
        refund = self._invoice(credit, move_type="out_refund")
        self.assertAmounts(
            unpaid=old + recent - credit,
            overdue=old - credit,
            dossier_unpaid_invoice_count=2,
            dossier_oldest_overdue_days=40,
        )
        # A second credit note covers the old invoice and part of the recent.
        more = 250.0
        self._invoice(more, move_type="out_refund")
        self.assertAmounts(
            unpaid=old + recent - credit - more,
            overdue=0.0,
            dossier_unpaid_invoice_count=1,
            dossier_oldest_overdue_days=0,
        )
        self.assertReportAgrees(
            amount_unpaid=old + recent - credit - more,
            amount_overdue=0.0,
            unpaid_invoice_count=1,
            oldest_overdue_days=0,
        )
        Partner = self.env["res.partner"]
        self.assertNotIn(
            self.client, Partner.search([("dossier_amount_overdue", ">", 0)])
        )
        self.assertIn(self.client, Partner.search([("dossier_amount_unpaid", ">", 0)]))
        self.assertTrue(refund)

    def test_figures_never_contradict_each_other(self):
        self._invoice(700.0, due_in=-3)
        self._invoice(120.0, due_in=-60)
        self._invoice(900.0, move_type="out_refund")
        values = self._amounts()
        invoiced = values["dossier_amount_invoiced"]
        unpaid = values["dossier_amount_unpaid"]
        # More credit than debt: a credit of the client, nothing overdue.
        self.assertAlmostEqual(unpaid, 700.0 + 120.0 - 900.0, places=2)
        self.assertAlmostEqual(values["dossier_amount_overdue"], 0.0, places=2)
        self.assertAlmostEqual(
            values["dossier_amount_paid"], invoiced - unpaid, places=2
        )
        self.assertEqual(values["dossier_unpaid_invoice_count"], 0)

    def test_client_card_does_not_cut_the_overdue_amount(self):
        arch = etree.fromstring(
            self.env["res.partner"]
            .with_user(self.billing_user)
            .get_view(view_type="kanban")["arch"]
        )
        fields = arch.xpath("//field[@name='dossier_amount_overdue']")
        self.assertTrue(fields)
        for field in fields:
            for node in (field, *field.iterancestors()):
                self.assertNotIn("text-truncate", node.get("class", ""))
