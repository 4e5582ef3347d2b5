from odoo import api, models
from odoo.tools import SQL


class MergePartnerAutomatic(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    @api.model
    def _update_foreign_keys(self, src_partners, dst_partner):
        """Merge: Odoo moves the contacts to the kept partner in SQL, and
        moves or drops the merged partners' rows of contact dates (their
        unique index): the kept partner's rows are recomputed from all its
        contacts now."""
        res = super()._update_foreign_keys(src_partners, dst_partner)
        # Raw SQL, as the merge itself: only the companies of the kept
        # partner's contacts are read, to recompute its dates there.
        self.env.cr.execute(
            SQL(
                "SELECT DISTINCT partner_id, company_id FROM dossier_contact "
                "WHERE partner_id = %s",
                dst_partner.id,
            )
        )
        self.env["dossier.contact.dates"]._dossier_refresh(pairs=self.env.cr.fetchall())
        return res
