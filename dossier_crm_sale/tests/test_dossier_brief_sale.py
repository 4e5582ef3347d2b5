from datetime import datetime

from odoo.addons.dossier_crm.tests.common import BRIEF, brief_section
from odoo.tests import tagged

from .common import DossierSaleCase

FULL = "dossier_crm.action_report_dossier_full"


@tagged("post_install", "-at_install")
class TestDossierBriefSale(DossierSaleCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Product = cls.env["product.product"]
        # Six products, the n-th for n x 100: the brief names the top five.
        cls.products = Product.browse(
            [
                Product.create({"name": f"Workshop {n}", "type": "service"}).id
                for n in range(1, 7)
            ]
        )
        cls.orders = [
            cls._order(
                cls.person,
                [(product, 1, n * 100.0)],
                date=datetime(2026, 1, n, 10, 0),
            )
            for n, product in enumerate(cls.products, start=1)
        ]

    def _brief(self, user, report=BRIEF):
        html, _format = (
            self.env["ir.actions.report"]
            .with_user(user)
            ._render_qweb_html(report, self.client.ids)
        )
        return html.decode()

    def test_brief_names_the_top_five_products_and_the_last_orders(self):
        section = brief_section(self._brief(self.sales_head), "sales")
        for n in range(2, 7):
            self.assertIn(f"Workshop {n}", section)
        self.assertNotIn("Workshop 1<", section)
        # The last three orders, the latest first.
        names = [order.name for order in reversed(self.orders)]
        self.assertLess(section.index(names[0]), section.index(names[1]))
        self.assertIn(names[2], section)
        self.assertNotIn(names[3], section)

    def test_full_dossier_has_room_for_more(self):
        section = brief_section(self._brief(self.sales_head, FULL), "sales")
        self.assertIn("Workshop 1<", section)
        self.assertIn(self.orders[0].name, section)

    def test_brief_has_no_sales_for_a_reader_without_sales_rights(self):
        html = self._brief(self.dossier_user)
        self.assertNotIn('name="sales"', html)
        self.assertNotIn("Workshop", html)
        self.assertNotIn(self.orders[0].name, html)
