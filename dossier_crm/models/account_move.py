from odoo import api, fields, models


class AccountMove(models.Model):
    """What the dossier calls invoiced, unpaid and overdue: the one definition,
    which the Receivables report turns into SQL (see dossier.receivable.report)
    and the invoice lists (client form, brief) search with."""

    _inherit = "account.move"

    @api.model
    def _dossier_receivable_domain(self):
        """Posted customer invoices and credit notes."""
        return [
            ("state", "=", "posted"),
            ("move_type", "in", ("out_invoice", "out_refund")),
        ]

    @api.model
    def _dossier_open_domain(self):
        """Among those, the ones not fully paid (or used) yet: what the
        unpaid amount is made of, open credit notes included."""
        return [("payment_state", "in", ("not_paid", "partial"))]

    @api.model
    def _dossier_unpaid_domain(self):
        """The invoices (not credit notes) not fully paid yet."""
        return [("move_type", "=", "out_invoice"), *self._dossier_open_domain()]

    @api.model
    def _dossier_open_credit_domain(self):
        """The credit notes not used yet: the client's credit, which the
        dossier applies to its unpaid invoices (see dossier.receivable.report)."""
        return [("move_type", "=", "out_refund"), *self._dossier_open_domain()]

    @api.model
    def _dossier_overdue_domain(self):
        """Among the unpaid ones, those due before the user's today."""
        today = fields.Date.context_today(self)
        return [*self._dossier_unpaid_domain(), ("invoice_date_due", "<", today)]
