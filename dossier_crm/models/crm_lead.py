from odoo import api, fields, models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    dossier_project_id = fields.Many2one(
        "dossier.project",
        string="Client Project",
        index="btree_not_null",
        ondelete="set null",
        tracking=True,
        check_company=True,
        groups="dossier_crm.group_dossier_user",
        domain="[('partner_id', 'parent_of', partner_id)] if partner_id else []",
        # A duplicate is a new deal that joins a project only when put there;
        # copying the value would also make copy() read a field that users
        # outside the dossier groups may not read.
        copy=False,
        help="The client project this deal belongs to.",
    )
    dossier_contact_count = fields.Integer(
        string="Dossier Contacts",
        compute="_compute_dossier_contact_count",
        groups="dossier_crm.group_dossier_user",
    )

    @api.depends_context("uid")
    def _compute_dossier_contact_count(self):
        # Counted with the reader's rights: contacts it may not read are not.
        counts = dict(
            self.env["dossier.contact"]._read_group(
                [("lead_id", "in", self.ids)], ["lead_id"], ["__count"]
            )
        )
        for lead in self:
            lead.dossier_contact_count = counts.get(lead, 0)

    def action_dossier_open_contacts(self):
        """Open the contacts logged about this deal; a new one is logged with
        the deal and its client filled in."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dossier_crm.action_dossier_contact"
        )
        context = {"default_lead_id": self.id}
        if self.partner_id:
            context["default_partner_id"] = self.partner_id.commercial_partner_id.id
        action.update(
            name=self.env._("Contacts of %(deal)s", deal=self.display_name),
            domain=[("lead_id", "=", self.id)],
            context=context,
        )
        return action
