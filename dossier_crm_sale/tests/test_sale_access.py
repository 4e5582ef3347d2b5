from datetime import datetime

from odoo.addons.dossier_crm.tests.common import client_form_archs
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import DossierSaleCase


@tagged("post_install", "-at_install")
class TestSaleAccess(DossierSaleCase):
    """Sales data in the dossier follows sale's rights: a dossier user without
    sales rights sees no orders, a salesperson his own orders only (sale's
    record rules), a salesperson of all documents every order."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mine = cls._order(
            cls.person,
            [(cls.training, 2, 100.0)],
            user=cls.seller,
            date=datetime(2026, 2, 1, 9, 0),
        )
        cls.theirs = cls._order(
            cls.person_2,
            [(cls.coaching, 3, 200.0)],
            user=cls.seller_2,
            date=datetime(2026, 2, 2, 9, 0),
        )

    def test_dossier_user_without_sales_rights_sees_no_orders(self):
        client = self.client.with_user(self.dossier_user)
        for field in ("dossier_sale_order_ids", "dossier_products_bought"):
            with self.assertRaises(AccessError):
                client.read([field])
        self.assertEqual(client._dossier_products_bought(10), {})
        self.assertFalse(client._dossier_confirmed_orders(10))

    def test_form_has_no_sales_section_for_a_dossier_user_without_sales_rights(self):
        def arch(user):
            # The form and its Dossier tab's sections, as the user sees them.
            return "\n".join(client_form_archs(self.env["res.partner"].with_user(user)))

        self.assertNotIn('name="dossier_sales"', arch(self.dossier_user))
        self.assertNotIn('name="dossier_sale_order_ids"', arch(self.dossier_user))
        self.assertIn('name="dossier_sales"', arch(self.seller))

    def test_salesperson_sees_his_own_orders_only(self):
        client = self.client.with_user(self.seller)
        self.assertEqual(client.dossier_sale_order_ids, self.mine)
        bought = client._dossier_products_bought(10)[self.client.id]
        self.assertEqual(
            [(row["product"], row["quantity"], row["amount"]) for row in bought],
            [(self.training, 2.0, 200.0)],
        )
        self.assertNotIn("Coaching session", str(client.dossier_products_bought))

    def test_salesperson_of_all_documents_sees_every_order(self):
        client = self.client.with_user(self.sales_head)
        self.assertEqual(client.dossier_sale_order_ids, self.theirs | self.mine)
        bought = client._dossier_products_bought(10)[self.client.id]
        self.assertEqual(
            [row["product"] for row in bought], [self.coaching, self.training]
        )
