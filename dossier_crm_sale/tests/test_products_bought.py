from datetime import datetime

from odoo.tests import tagged

from .common import DossierSaleCase


@tagged("post_install", "-at_install")
class TestProductsBought(DossierSaleCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.first = cls._order(
            cls.person,
            [(cls.training, 2, 100.0), (cls.coaching, 1, 500.0)],
            date=datetime(2026, 1, 15, 9, 0),
        )
        cls.second = cls._order(
            cls.person_2,
            [(cls.training, 3, 120.0)],
            date=datetime(2026, 3, 10, 16, 0),
            user=cls.seller_2,
        )
        cls.own = cls._order(
            cls.client, [(cls.audit, 1, 50.0)], date=datetime(2026, 2, 1, 12, 0)
        )
        cancelled = cls._order(cls.person, [(cls.training, 10, 100.0)])
        cancelled._action_cancel()
        cls._order(cls.person_2, [(cls.coaching, 5, 500.0)], confirm=False)
        cls._order(cls.other_client, [(cls.training, 7, 100.0)])

    def _rows(self, user=None, limit=10):
        partner = self.client.with_user(user or self.sales_head)
        rows = partner._dossier_products_bought(limit).get(self.client.id, [])
        return [
            (row["product"], row["quantity"], row["amount"], row["last_date"])
            for row in rows
        ]

    def test_products_of_the_client_and_its_people_largest_amount_first(self):
        # Training: 2 x 100 + 3 x 120, last in the second order; coaching
        # 500; the audit the company ordered itself 50. The cancelled order,
        # the quotation and the other client's order count for nothing.
        self.assertEqual(
            self._rows(),
            [
                (self.training, 5.0, 560.0, self.second.date_order),
                (self.coaching, 1.0, 500.0, self.first.date_order),
                (self.audit, 1.0, 50.0, self.own.date_order),
            ],
        )

    def test_limit_keeps_the_largest(self):
        self.assertEqual(
            [row[0] for row in self._rows(limit=2)], [self.training, self.coaching]
        )

    def test_a_cancelled_order_leaves_the_products_bought(self):
        self.second._action_cancel()
        self.assertEqual(
            self._rows()[0], (self.coaching, 1.0, 500.0, self.first.date_order)
        )
        self.assertEqual(
            self._rows()[1], (self.training, 2.0, 200.0, self.first.date_order)
        )

    def test_amount_is_in_the_company_currency(self):
        company = self.env.company
        foreign = self.env["res.currency"].create(
            {"name": "DCX", "symbol": "Đ", "rounding": 0.01}
        )
        self.env["res.currency.rate"].create(
            {
                "currency_id": foreign.id,
                "company_id": company.id,
                "name": "2025-01-01",
                "rate": 4.0,  # 4 DCX for one unit of the company's currency
            }
        )
        pricelist = self.env["product.pricelist"].create(
            {"name": "DCX prices", "currency_id": foreign.id}
        )
        self._order(
            self.person,
            [(self.audit, 1, 800.0)],
            pricelist_id=pricelist.id,
            date=datetime(2026, 3, 20, 9, 0),
        )
        audit = next(row for row in self._rows() if row[0] == self.audit)
        self.assertEqual(audit[2], 50.0 + 800.0 / 4.0)

    def test_dossier_tab_shows_latest_orders_and_products(self):
        client = self.client.with_user(self.sales_head)
        self.assertEqual(
            client.dossier_sale_order_ids.ids,
            (self.second | self.own | self.first).ids,
        )
        # A person's form shows the client's.
        person = self.person.with_user(self.sales_head)
        self.assertEqual(person.dossier_sale_order_ids, client.dossier_sale_order_ids)
        html = str(client.dossier_products_bought)
        self.assertLess(
            html.index("Negotiation training"), html.index("Coaching session")
        )
        self.assertIn("Sales audit", html)

    def test_client_without_orders_has_no_section(self):
        client = self.other_client.copy().with_user(self.sales_head)
        self.assertFalse(client.dossier_sale_order_ids)
        self.assertFalse(client.dossier_products_bought)
