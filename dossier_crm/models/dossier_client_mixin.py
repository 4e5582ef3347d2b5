from odoo import fields, models


class DossierClientMixin(models.AbstractModel):
    """A fact of a client's dossier (note, person around, life event): it
    belongs to one client, who is archived rather than deleted while it has
    any (see res.partner._unlink_except_dossier_history)."""

    _name = "dossier.client.mixin"
    _description = "Fact of a Client Dossier"

    partner_id = fields.Many2one(
        "res.partner",
        string="Client",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
    )
