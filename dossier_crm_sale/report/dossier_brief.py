from odoo import models

# The brief holds one page: its sales block names the top products and the
# last orders only; the full dossier has room for more.
BRIEF_TOP_PRODUCTS = 5
BRIEF_LAST_ORDERS = 3
FULL_TOP_PRODUCTS = 10
FULL_LAST_ORDERS = 10


class ReportDossierBrief(models.AbstractModel):
    _inherit = "report.dossier_crm.report_dossier_brief"

    def _brief_values(self, client):
        """Adds ``sales``: the products bought and the last confirmed orders
        the reader may read, or None for readers without sales rights (no
        section at all)."""
        values = super()._brief_values(client)
        values["sales"] = self._sales(client)
        return values

    def _sales(self, client):
        if not self.env["sale.order"].has_access("read"):
            return None
        full = self._dossier_full
        products = client._dossier_products_bought(
            FULL_TOP_PRODUCTS if full else BRIEF_TOP_PRODUCTS
        )
        orders = client._dossier_confirmed_orders(
            FULL_LAST_ORDERS if full else BRIEF_LAST_ORDERS
        )
        return {
            "products": products.get(client.id, []),
            "orders": orders[client.id],
            "currency": self.env.company.currency_id,
        }
