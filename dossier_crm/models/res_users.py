from odoo import api, models

from .field_access import check_domain_access


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model
    def _search(self, domain, *args, **kwargs):
        # The partner's dossier fields are the user's too, joined without the
        # partner's own search (auto_join): checked here as well.
        check_domain_access(self, domain)
        return super()._search(domain, *args, **kwargs)
