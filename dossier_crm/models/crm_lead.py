from odoo import fields, models


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
