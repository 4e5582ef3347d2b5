from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL


# Who is a client: the one rule of the Clients menu, its filters and the
# activity capture, kept apart from the dossier's contents.
class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    dossier_is_client = fields.Boolean(
        string="Client",
        compute="_compute_dossier_is_client",
        search="_search_dossier_is_client",
        help="A company, or an individual on its own, that is neither one of "
        "the firm's own companies (nor one of their addresses) nor an "
        "internal user.",
    )

    @api.model
    def _dossier_own_partner_ids(self):
        """The partners of the firm's own companies, archived ones included."""
        # As superuser: only the ids of the firm's companies are read, which
        # users of one company may not list.
        return (
            self.env["res.company"]
            .sudo()
            .with_context(active_test=False)
            .search_fetch([], ["partner_id"])
            .partner_id.ids
        )

    @api.model
    def _dossier_client_domain(self, own=None):
        """The domain of the clients (see dossier_is_client); ``own``: the
        partner ids of the firm's companies, by default a subquery, so that
        the Clients filters stay one query."""
        if own is None:
            # Raw SQL: only the ids of every company of the firm, whichever
            # the user works in, are compared; nothing of them is shown.
            own = SQL("(SELECT partner_id FROM res_company)")
        return [
            "|",
            ("is_company", "=", True),
            ("parent_id", "=", False),
            ("commercial_partner_id", "not in", own),
            "|",
            ("user_ids", "=", False),
            ("user_ids.share", "=", True),
        ]

    @api.depends("is_company", "parent_id", "commercial_partner_id", "user_ids.share")
    def _compute_dossier_is_client(self):
        clients = self.filtered_domain(
            self._dossier_client_domain(self._dossier_own_partner_ids())
        )
        for partner in self:
            partner.dossier_is_client = partner in clients

    def _search_dossier_is_client(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(
                self.env._("Clients can only be searched as being clients or not.")
            )
        domain = self._dossier_client_domain()
        if (operator == "=") == value:
            return domain
        return ["!", *expression.normalize_domain(domain)]
