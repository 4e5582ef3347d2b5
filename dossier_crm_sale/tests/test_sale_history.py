from datetime import datetime

from odoo.tests import tagged

from ..hooks import uninstall_hook
from .common import DossierSaleCase


@tagged("post_install", "-at_install")
class TestSaleHistory(DossierSaleCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._order(
            cls.person,
            [
                (cls.coaching, 1, 50.0),
                (cls.training, 2, 400.0),
                (cls.audit, 1, 300.0),
            ],
            date=datetime(2026, 2, 3, 11, 30),
        )
        cls.History = cls.env["dossier.history"]

    def _order_lines(self, user=None, client=None):
        return self.History.with_user(user or self.env.user).search(
            [
                ("partner_id", "=", (client or self.client).id),
                ("kind", "=", "order_confirmed"),
            ]
        )

    def test_confirmed_order_is_one_history_line(self):
        line = self._order_lines()
        self.assertEqual(len(line), 1)
        self.assertEqual(line.id, self.order.id * 100 + 10)
        self.assertEqual(line.date, self.order.date_order)
        self.assertEqual(line.person_id, self.person)
        self.assertEqual(line.user_id, self.seller)
        self.assertEqual(line.company_id, self.order.company_id)
        self.assertEqual((line.res_model, line.res_id), ("sale.order", self.order.id))
        self.assertEqual(line.amount, 50.0 + 800.0 + 300.0)
        self.assertEqual(line.currency_id, self.env.company.currency_id)
        # The reference and the main products, the largest amount first.
        self.assertEqual(
            line.name,
            f"{self.order.name}: Negotiation training, Sales audit, Coaching session",
        )

    def test_only_confirmed_orders_are_history(self):
        quotation = self._order(self.person_2, [(self.audit, 1, 10.0)], confirm=False)
        cancelled = self._order(self.person_2, [(self.audit, 1, 10.0)])
        cancelled._action_cancel()
        self.env.flush_all()
        self.assertEqual(
            self._order_lines().mapped("res_id"),
            [self.order.id],
            f"neither {quotation.name} nor {cancelled.name}",
        )

    def test_order_of_the_company_itself_has_no_person(self):
        own = self._order(self.client, [(self.audit, 1, 10.0)])
        line = self._order_lines().filtered(lambda line: line.res_id == own.id)
        self.assertEqual(line.partner_id, self.client)
        self.assertFalse(line.person_id)

    def test_amount_is_in_the_company_currency(self):
        foreign = self.env["res.currency"].create(
            {"name": "DCY", "symbol": "Ŧ", "rounding": 0.01}
        )
        self.env["res.currency.rate"].create(
            {
                "currency_id": foreign.id,
                "company_id": self.env.company.id,
                "name": "2025-01-01",
                "rate": 2.0,
            }
        )
        pricelist = self.env["product.pricelist"].create(
            {"name": "DCY prices", "currency_id": foreign.id}
        )
        order = self._order(
            self.person_2, [(self.audit, 3, 100.0)], pricelist_id=pricelist.id
        )
        line = self._order_lines().filtered(lambda line: line.res_id == order.id)
        self.assertEqual(line.amount, 300.0 / 2.0)
        self.assertEqual(line.currency_id, self.env.company.currency_id)

    def test_salesperson_sees_the_lines_of_the_orders_he_may_open(self):
        theirs = self._order(self.person_2, [(self.audit, 1, 10.0)], user=self.seller_2)
        self.assertEqual(
            self._order_lines(self.seller).mapped("res_id"), [self.order.id]
        )
        self.assertEqual(
            sorted(self._order_lines(self.sales_head).mapped("res_id")),
            sorted([self.order.id, theirs.id]),
        )

    def test_dossier_user_without_sales_rights_sees_no_order_line(self):
        self.assertFalse(self._order_lines(self.dossier_user))

    def test_uninstall_hook_rebuilds_the_view_without_orders(self):
        self.env["dossier.contact"].create(
            {
                "partner_id": self.client.id,
                "summary": "Call about the order",
                "date": datetime(2026, 2, 4, 9, 0),
            }
        )
        uninstall_hook(self.env)
        self.assertFalse(self._order_lines())
        # The other sources are still there.
        contact = self.History.search(
            [("partner_id", "=", self.client.id), ("kind", "=", "contact")]
        )
        self.assertEqual(contact.name, "Call about the order")
        self.History.init()
        self.assertTrue(self._order_lines())
