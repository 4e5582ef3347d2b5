from odoo import api, models

from .link_access import check_computed_written, recompute_computed_given


class DossierCommercialMixin(models.AbstractModel):
    """A record of a client company (contact, project): whichever of its
    people it is created or moved for, it is stored on their commercial
    partner, so that the company's dossier shows it."""

    _name = "dossier.commercial.mixin"
    _description = "Record of a Client Company"

    # The field that keeps the person given as client, on models that have one.
    _dossier_person_field = None

    @api.model
    def _normalized_partner_vals(self, vals):
        """``vals`` with the commercial partner as ``partner_id``, and the
        person given in the person field when it is empty."""
        if not vals.get("partner_id"):
            return vals
        partner = self.env["res.partner"].browse(vals["partner_id"])
        commercial = partner.commercial_partner_id
        if partner == commercial:
            return vals
        vals = dict(vals, partner_id=commercial.id)
        person_field = self._dossier_person_field
        if person_field and not vals.get(person_field):
            vals[person_field] = partner.id
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create([self._normalized_partner_vals(v) for v in vals_list])
        # Computed fields are the addon's (see link_access), on these records
        # as on the dossier facts.
        recompute_computed_given(records, vals_list)
        return records

    def write(self, vals):
        check_computed_written(self, vals)
        return super().write(self._normalized_partner_vals(vals))
