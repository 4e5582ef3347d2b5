from odoo import api, fields, models
from odoo.tools import SQL

# How many products an order's line names in the history (the largest first).
ORDER_MAIN_PRODUCTS = 3


class DossierHistory(models.Model):
    _inherit = "dossier.history"
    # What the orders' lines read: Odoo flushes it before querying the view.
    _depends = {
        "sale.order": [
            "state",
            "date_order",
            "partner_id",
            "user_id",
            "company_id",
            "name",
            "amount_untaxed",
            "currency_rate",
        ],
        "sale.order.line": [
            "order_id",
            "product_id",
            "price_subtotal",
            "display_type",
            "is_downpayment",
        ],
        "product.product": ["product_tmpl_id"],
        "product.template": ["name"],
    }

    kind = fields.Selection(
        selection_add=[("order_confirmed", "Order confirmed")],
        ondelete={"order_confirmed": "cascade"},
    )

    @api.model
    def _history_sources(self):
        return [*super()._history_sources(), self._history_sale_orders()]

    @api.model
    def _history_sale_orders(self):
        """Confirmed sales orders, on their order date: the reference and the
        main products ("S00042: Negotiation training, Coaching session"), the
        untaxed amount in the company's currency (``currency_rate`` is the
        order currency per company currency unit, as sale.report reads it).
        The line opens the order, so sale's record rules decide who sees it.
        Product names are the source terms (the view has one language)."""
        main_products = SQL(
            """(
                SELECT string_agg(main.name, ', ' ORDER BY main.rank)
                  FROM (
                    SELECT tmpl.name->>'en_US' AS name,
                           row_number() OVER (
                               ORDER BY line.price_subtotal DESC, line.id
                           ) AS rank
                      FROM sale_order_line line
                      JOIN product_product pp ON pp.id = line.product_id
                      JOIN product_template tmpl ON tmpl.id = pp.product_tmpl_id
                     WHERE line.order_id = so.id
                       AND line.display_type IS NULL
                       AND NOT COALESCE(line.is_downpayment, FALSE)
                  ) main
                 WHERE main.rank <= %s
            )""",
            ORDER_MAIN_PRODUCTS,
        )
        return self._history_select(
            "order_confirmed",
            10,
            "sale.order",
            SQL(
                "sale_order so"
                " JOIN res_partner customer ON customer.id = so.partner_id"
                " LEFT JOIN res_company company ON company.id = so.company_id"
            ),
            where=SQL("so.state = 'sale'"),
            res_id=SQL("so.id"),
            date=SQL("so.date_order"),
            partner_id=SQL("customer.commercial_partner_id"),
            person_id=SQL("NULLIF(so.partner_id, customer.commercial_partner_id)"),
            user_id=SQL("so.user_id"),
            company_id=SQL("so.company_id"),
            name=SQL("CONCAT_WS(': ', so.name, %s)", main_products),
            amount=SQL("so.amount_untaxed / COALESCE(NULLIF(so.currency_rate, 0), 1)"),
            currency_id=SQL("company.currency_id"),
        )
