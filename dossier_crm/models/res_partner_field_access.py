from odoo import api, models

from .field_access import check_create_access, check_domain_access


# Apart from the dossier's fields: the guard of every search and creation of
# a partner, for the fields of the dossier that Odoo does not check there.
class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _search(self, domain, *args, **kwargs):
        check_domain_access(self, domain)
        return super()._search(domain, *args, **kwargs)

    @api.model_create_multi
    def create(self, vals_list):
        check_create_access(self, vals_list)
        return super().create(vals_list)
