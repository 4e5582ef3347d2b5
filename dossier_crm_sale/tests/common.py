from datetime import datetime

from odoo import Command
from odoo.addons.dossier_crm.tests.common import DossierCase
from odoo.tests import new_test_user


class DossierSaleCase(DossierCase):
    """A client company with two people, three products, two salespeople (one
    who sees only his own orders, one who sees all) and helpers to make
    orders. Orders have no taxes: amounts are the prices times quantities."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.person_2 = cls.env["res.partner"].create(
            {"name": "Pavel Kurov", "parent_id": cls.client.id}
        )
        cls.other_client = cls.env["res.partner"].create(
            {"name": "Elsewhere Ltd", "is_company": True}
        )
        cls.seller = new_test_user(
            cls.env,
            login="own_seller",
            name="Olga Own Documents",
            groups="base.group_user,dossier_crm.group_dossier_user,"
            "sales_team.group_sale_salesman",
        )
        cls.seller_2 = new_test_user(
            cls.env,
            login="other_seller",
            name="Igor Other Seller",
            groups="base.group_user,dossier_crm.group_dossier_user,"
            "sales_team.group_sale_salesman",
        )
        cls.sales_head = new_test_user(
            cls.env,
            login="sales_head",
            name="Nina All Documents",
            groups="base.group_user,dossier_crm.group_dossier_user,"
            "sales_team.group_sale_salesman_all_leads",
        )
        Product = cls.env["product.product"]
        cls.training = Product.create(
            {"name": "Negotiation training", "type": "service"}
        )
        cls.coaching = Product.create({"name": "Coaching session", "type": "service"})
        cls.audit = Product.create({"name": "Sales audit", "type": "service"})

    @classmethod
    def _order(cls, partner, lines, user=None, date=None, confirm=True, **vals):
        """An order of ``lines`` [(product, quantity, unit price)], confirmed
        on ``date`` (a datetime) unless ``confirm`` is false."""
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "user_id": (user or cls.seller).id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_uom_qty": quantity,
                            "price_unit": price,
                            "tax_id": [Command.clear()],
                        }
                    )
                    for product, quantity, price in lines
                ],
                **vals,
            }
        )
        if confirm:
            order.action_confirm()
            order.date_order = date or datetime(2026, 3, 2, 10, 0)
        return order
