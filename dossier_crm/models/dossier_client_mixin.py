from odoo import fields, models


class DossierClientMixin(models.AbstractModel):
    """A fact of a client's dossier (note, person around, life event): it
    belongs to one client and goes with it."""

    _name = "dossier.client.mixin"
    _description = "Fact of a Client Dossier"

    partner_id = fields.Many2one(
        "res.partner",
        string="Client",
        required=True,
        index=True,
        ondelete="cascade",
        tracking=True,
    )
    # As on Odoo's records that follow a partner (bank accounts): the fact
    # belongs to the client's company, and the company rules restrict it.
    company_id = fields.Many2one(
        "res.company",
        related="partner_id.company_id",
        store=True,
        index="btree_not_null",
        readonly=True,
    )
