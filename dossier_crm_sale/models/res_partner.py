from collections import defaultdict

from odoo import api, fields, models

# What a client bought and ordered is sales data: sales users read it (each
# his own orders, or all of them, by sale's record rules), not every dossier
# user.
SALE_GROUPS = "sales_team.group_sale_salesman"
# The Dossier tab shows the latest orders and the products bought most (by
# amount); the rest is one click away (the Sales button, Sales Analysis).
DOSSIER_LAST_ORDERS = 5
DOSSIER_TOP_PRODUCTS = 10


class ResPartner(models.Model):
    _inherit = "res.partner"

    dossier_sale_order_ids = fields.Many2many(
        "sale.order",
        string="Latest Orders",
        compute="_compute_dossier_sale_order_ids",
        groups=SALE_GROUPS,
        help="The latest confirmed sales orders of the client and its people "
        "that you may read.",
    )
    dossier_products_bought = fields.Html(
        string="Products Bought",
        compute="_compute_dossier_products_bought",
        sanitize=False,  # rendered by our own template from the report's values
        groups=SALE_GROUPS,
        help="The products of the confirmed orders of the client and its people "
        "that you may read, the largest amount first.",
    )

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_dossier_sale_order_ids(self):
        orders = self._dossier_confirmed_orders(DOSSIER_LAST_ORDERS)
        for partner in self:
            partner.dossier_sale_order_ids = orders[partner.commercial_partner_id.id]

    @api.depends_context("uid", "allowed_company_ids", "lang")
    def _compute_dossier_products_bought(self):
        bought = self._dossier_products_bought(DOSSIER_TOP_PRODUCTS)
        for partner in self:
            rows = bought.get(partner.commercial_partner_id.id)
            partner.dossier_products_bought = (
                self.env["ir.qweb"]._render(
                    "dossier_crm_sale.dossier_products_bought_table",
                    {"products": rows, "currency": self.env.company.currency_id},
                )
                if rows
                else False
            )

    def _dossier_confirmed_orders(self, limit):
        """{client id: its latest ``limit`` confirmed orders the user may read},
        in one search for all the clients of ``self``."""
        SaleOrder = self.env["sale.order"]
        clients = self.commercial_partner_id
        latest = defaultdict(lambda: SaleOrder)
        if not clients or not SaleOrder.has_access("read"):
            return latest
        orders = SaleOrder.search(
            [("partner_id", "child_of", clients.ids), ("state", "=", "sale")],
            order="date_order desc, id desc",
        )
        for order in orders:
            client = order.partner_id.commercial_partner_id.id
            if len(latest[client]) < limit:
                latest[client] |= order
        return latest

    def _dossier_products_bought(self, limit):
        """{client id: [row]}: what the client and its people bought in the
        confirmed orders the user may read, the largest amount first, at most
        ``limit`` products a client. A row is a dict of ``product``,
        ``quantity`` (in the product's unit, ``uom``), ``last_date`` (of the
        latest order) and ``amount`` (untaxed, in the current company's
        currency). One grouped query on Sales Analysis (``sale.report``),
        which converts units and currencies and carries sale's record rules.
        """
        Report = self.env["sale.report"]
        clients = self.commercial_partner_id
        if not clients or not Report.has_access("read"):
            return {}
        # The report is a view over the orders: what this transaction changed
        # in them must be written first.
        self.env["sale.order"].flush_model()
        self.env["sale.order.line"].flush_model()
        groups = Report._read_group(
            [
                ("commercial_partner_id", "in", clients.ids),
                ("state", "=", "sale"),
                ("product_id", "!=", False),
                # Down payments are no product bought: their quantity is 0.
                ("product_uom_qty", "!=", 0),
            ],
            groupby=["commercial_partner_id", "product_id", "product_uom"],
            aggregates=["product_uom_qty:sum", "date:max", "price_subtotal:sum"],
            order="price_subtotal:sum desc, product_uom_qty:sum desc",
        )
        bought = defaultdict(list)
        for client, product, uom, quantity, last_date, amount in groups:
            rows = bought[client.id]
            if len(rows) < limit:
                rows.append(
                    {
                        "product": product,
                        "uom": uom,
                        "quantity": quantity,
                        "last_date": last_date,
                        "amount": amount,
                    }
                )
        return dict(bought)
