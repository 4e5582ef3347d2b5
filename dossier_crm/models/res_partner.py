from odoo import api, fields, models
from odoo.exceptions import UserError


class ResPartner(models.Model):
    _inherit = "res.partner"

    dossier_interest_ids = fields.Many2many(
        "dossier.interest",
        "dossier_interest_res_partner_rel",
        "partner_id",
        "interest_id",
        string="Interests",
        help="Tastes, preferences and hobbies worth remembering.",
    )
    dossier_contact_ids = fields.One2many(
        "dossier.contact", "partner_id", string="Contacts with the client"
    )
    dossier_contact_count = fields.Integer(
        string="Contacts", compute="_compute_dossier_contact_count"
    )
    dossier_last_contact_date = fields.Datetime(
        string="Last contact",
        compute="_compute_dossier_contact_dates",
        store=True,
        help="Date of the last done contact with the client or its people.",
    )
    dossier_next_contact_date = fields.Datetime(
        string="Next contact",
        compute="_compute_dossier_contact_dates",
        store=True,
        help="Date of the earliest planned contact with the client.",
    )

    def _dossier_commercial_ids(self):
        return self.commercial_partner_id.ids

    def _compute_dossier_contact_count(self):
        counts = dict(
            self.env["dossier.contact"]._read_group(
                [("partner_id", "in", self._dossier_commercial_ids())],
                ["partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.dossier_contact_count = counts.get(partner.commercial_partner_id, 0)

    @api.depends(
        "dossier_contact_ids.state",
        "dossier_contact_ids.date",
        "commercial_partner_id.dossier_contact_ids.state",
        "commercial_partner_id.dossier_contact_ids.date",
    )
    def _compute_dossier_contact_dates(self):
        # The dates are not secret even when a contact is: read as superuser,
        # in one grouped query for the whole batch.
        Contact = self.env["dossier.contact"].sudo()
        domain = [("partner_id", "in", self._dossier_commercial_ids())]
        last = dict(
            Contact._read_group(
                [*domain, ("state", "=", "done")], ["partner_id"], ["date:max"]
            )
        )
        upcoming = dict(
            Contact._read_group(
                [*domain, ("state", "=", "planned")], ["partner_id"], ["date:min"]
            )
        )
        for partner in self:
            commercial = partner.commercial_partner_id
            partner.dossier_last_contact_date = last.get(commercial, False)
            partner.dossier_next_contact_date = upcoming.get(commercial, False)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_dossier_history(self):
        contacts = (
            self.env["dossier.contact"]
            .sudo()
            .search_count([("partner_id", "in", self.ids)], limit=1)
        )
        if contacts:
            raise UserError(
                self.env._(
                    "A client with logged contacts cannot be deleted: archive it "
                    "instead, so that its history stays."
                )
            )

    def action_dossier_open_contacts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dossier_crm.action_dossier_contact"
        )
        client = self.commercial_partner_id
        action["domain"] = [("partner_id", "=", client.id)]
        action["context"] = {"default_partner_id": client.id}
        return action

    # Control of staff: the client's done contacts and those that ended in a
    # won deal, read from the contacts report, so its record rules apply (a
    # dossier user counts its own contacts, a manager everyone's).
    dossier_report_contact_count = fields.Integer(
        string="Done contacts",
        compute="_compute_dossier_report_counts",
        groups="dossier_crm.group_dossier_user",
    )
    dossier_report_won_count = fields.Integer(
        string="Contacts with won deals",
        compute="_compute_dossier_report_counts",
        groups="dossier_crm.group_dossier_user",
    )

    def _compute_dossier_report_counts(self):
        figures = {
            partner: (count, won)
            for partner, count, won in self.env["dossier.contact.report"]._read_group(
                [("partner_id", "in", self._dossier_commercial_ids())],
                ["partner_id"],
                ["__count", "won_count:sum"],
            )
        }
        for partner in self:
            count, won = figures.get(partner.commercial_partner_id, (0, 0))
            partner.dossier_report_contact_count = count
            partner.dossier_report_won_count = won

    def action_dossier_open_contact_report(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dossier_crm.action_dossier_contact_report"
        )
        client = self.commercial_partner_id
        action["display_name"] = self.env._(
            "Contacts and deals: %(client)s", client=client.display_name
        )
        action["context"] = {
            "search_default_partner_id": client.id,
            "search_default_group_user": 1,
        }
        return action
