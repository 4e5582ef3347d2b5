from odoo import api, fields, models

from .link_access import (
    check_computed_written,
    check_created_links,
    check_written_links,
    recompute_computed_given,
)


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
    # As on Odoo's records that follow a partner (bank accounts): the fact
    # belongs to the client's company, and the company rules restrict it.
    company_id = fields.Many2one(
        "res.company",
        related="partner_id.company_id",
        store=True,
        index="btree_not_null",
        readonly=True,
    )

    # The links users set and what they need on the target (see link_access);
    # the client's name shows on the fact.
    _dossier_links = {"partner_id": "read"}

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        check_created_links(records, self._dossier_links)
        recompute_computed_given(records, vals_list)
        return records

    def write(self, vals):
        check_written_links(self, vals, self._dossier_links)
        check_computed_written(self, vals)
        return super().write(vals)
