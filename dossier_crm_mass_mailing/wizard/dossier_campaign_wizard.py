from odoo import api, fields, models
from odoo.tools import SQL


class DossierCampaignWizard(models.TransientModel):
    _inherit = "dossier.campaign.wizard"

    mailing_list_id = fields.Many2one(
        "mailing.list",
        string="Mailing list",
        default=lambda self: self._default_mailing_list_id(),
        groups="mass_mailing.group_mass_mailing_user",
        help="Also plan the contact with the clients of the list's subscribed "
        "contacts: the client whose person has the contact's email address.",
    )

    @api.model
    def _default_mailing_list_id(self):
        if self.env.context.get("active_model") != "mailing.list":
            return False
        return self.env.context.get("active_id")

    @api.depends("partner_ids", "mailing_list_id")
    def _compute_client_ids(self):
        res = super()._compute_client_ids()
        for wizard in self:
            # Sudo: the field is email marketing users' only, and the clients
            # are computed for every dossier user; the list is then read with
            # the user's rights, so a list set over RPC by another user is
            # refused.
            mailing_list = wizard.sudo().mailing_list_id.with_env(self.env)
            if mailing_list:
                wizard.client_ids |= wizard._dossier_mailing_list_clients(mailing_list)
                wizard.client_count = len(wizard.client_ids)
        return res

    def _dossier_mailing_list_clients(self, mailing_list):
        """The clients of the list's subscribed contacts, by their address
        (the one rule of res.partner._dossier_email_person), among the
        partners the user may read."""
        emails = (
            mailing_list.subscription_ids.filtered(lambda s: not s.opt_out)
            .contact_id.filtered("email_normalized")
            .mapped("email_normalized")
        )
        if not emails:
            return self.env["res.partner"]
        Partner = self.env["res.partner"]
        rows = self.env.execute_query(
            SQL(
                "SELECT DISTINCT person.commercial_partner_id"
                " FROM unnest(%s::varchar[]) AS mail(email) %s",
                emails,
                Partner._dossier_email_person(SQL("mail.email"), "person"),
            )
        )
        clients = Partner.browse([client_id for (client_id,) in rows])
        return clients._filtered_access("read").filtered("dossier_is_client")
