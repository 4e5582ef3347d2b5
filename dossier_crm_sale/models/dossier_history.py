from odoo import fields, models
from odoo.tools import SQL

# Set by the uninstall hook: the view is rebuilt without this module's source.
WITHOUT_SALE_ORDERS = "dossier_history_without_sale_orders"
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
        "product.template": ["name"],
        "res.company": ["currency_id"],
        "res.partner": ["commercial_partner_id"],
    }

    kind = fields.Selection(
        selection_add=[("order_confirmed", "Order confirmed")],
        ondelete={"order_confirmed": "cascade"},
    )

    def _history_sources(self):
        sources = super()._history_sources()
        if self.env.context.get(WITHOUT_SALE_ORDERS):
            return sources
        return [*sources, self._history_sale_orders()]

    def _history_sale_orders(self):
        """Confirmed sales orders, on their order date: the reference and the
        main products ("S00042: Negotiation training, Coaching session"), the
        untaxed amount in the company's currency (``currency_rate`` is the
        order currency per company currency unit, as sale.report reads it).
        The line opens the order, so sale's record rules decide who sees it.
        Product names are the source terms (the view has one language)."""
        return SQL(
            """
            SELECT so.id::bigint * 100 + 10 AS id,
                   so.date_order AS date,
                   'order_confirmed'::varchar AS kind,
                   customer.commercial_partner_id AS partner_id,
                   NULLIF(so.partner_id, customer.commercial_partner_id) AS person_id,
                   so.user_id AS user_id,
                   so.company_id AS company_id,
                   CONCAT_WS(': ', so.name, (
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
                        WHERE main.rank <= %(main_products)s
                   ))::varchar AS name,
                   'sale.order'::varchar AS res_model,
                   so.id AS res_id,
                   (so.amount_untaxed
                       / COALESCE(NULLIF(so.currency_rate, 0), 1))::numeric AS amount,
                   company.currency_id AS currency_id
              FROM sale_order so
              JOIN res_partner customer ON customer.id = so.partner_id
              JOIN res_company company ON company.id = so.company_id
             WHERE so.state = 'sale'
            """,
            main_products=ORDER_MAIN_PRODUCTS,
        )
