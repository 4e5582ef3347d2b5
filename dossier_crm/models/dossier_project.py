from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date

PROJECT_STATES = [
    ("draft", "Draft"),
    ("active", "Active"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
]
OPEN_PROJECT_STATES = ("draft", "active")


class DossierProject(models.Model):
    _name = "dossier.project"
    _description = "Client Project"
    _inherit = ["mail.thread", "mail.activity.mixin", "dossier.commercial.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(
        default=True,
        tracking=True,
        help="Archive a project instead of deleting it: its contacts stay linked.",
    )
    color = fields.Integer()
    partner_id = fields.Many2one(
        "res.partner",
        string="Client",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
        check_company=True,
        help="The client company (commercial partner) the project is run for.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Project Lead",
        default=lambda self: self.env.user,
        index="btree_not_null",
        tracking=True,
        check_company=True,
        domain="[('share', '=', False)]",
        help="Responsible for the engagement; may change the project like a "
        "team member.",
    )
    member_ids = fields.One2many(
        "dossier.project.member", "project_id", string="Team", copy=True
    )
    member_user_ids = fields.Many2many(
        "res.users",
        "dossier_project_member_user_rel",
        "project_id",
        "user_id",
        string="Team Members",
        compute="_compute_member_user_ids",
        store=True,
    )
    date_start = fields.Date(
        string="Start Date",
        required=True,
        default=fields.Date.context_today,
        tracking=True,
    )
    date_end = fields.Date(string="End Date", tracking=True)
    state = fields.Selection(
        PROJECT_STATES,
        required=True,
        default="draft",
        index=True,
        tracking=True,
        group_expand="_group_expand_states",
    )
    description = fields.Html(
        string="Knowledge",
        help="What the team knows about this client and engagement: goals, "
        "people, habits, what worked and what did not.",
    )
    contact_ids = fields.One2many(
        "dossier.contact", "project_id", string="Logged Contacts"
    )
    contact_count = fields.Integer(
        compute="_compute_contact_count", string="Number of Contacts"
    )
    lead_ids = fields.One2many(
        "crm.lead",
        "dossier_project_id",
        string="Deals",
        groups="sales_team.group_sale_salesman",
    )
    lead_count = fields.Integer(
        compute="_compute_lead_count",
        string="Number of Deals",
        groups="sales_team.group_sale_salesman",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )

    @api.depends("member_ids.user_id")
    def _compute_member_user_ids(self):
        for project in self:
            project.member_user_ids = project.member_ids.user_id

    @api.depends_context("uid")
    def _compute_contact_count(self):
        # Counted with the reader's rights: contacts it may not see are not counted.
        counts = dict(
            self.env["dossier.contact"]._read_group(
                [("project_id", "in", self.ids)], ["project_id"], ["__count"]
            )
        )
        for project in self:
            project.contact_count = counts.get(project, 0)

    @api.depends_context("uid")
    def _compute_lead_count(self):
        counts = dict(
            self.env["crm.lead"]._read_group(
                [("dossier_project_id", "in", self.ids)],
                ["dossier_project_id"],
                ["__count"],
            )
        )
        for project in self:
            project.lead_count = counts.get(project, 0)

    @api.model
    def _group_expand_states(self, states, domain):
        return [key for key, _label in PROJECT_STATES]

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for project in self:
            if project.date_end and project.date_end < project.date_start:
                raise ValidationError(
                    self.env._(
                        "The project “%(name)s” cannot end (%(end)s) before it "
                        "starts (%(start)s).",
                        name=project.name,
                        end=format_date(self.env, project.date_end),
                        start=format_date(self.env, project.date_start),
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_logged_contacts(self):
        # Counted as superuser: a contact the deleting manager cannot read is
        # history all the same.
        Contact = self.env["dossier.contact"].sudo().with_context(active_test=False)
        with_contacts = Contact.search([("project_id", "in", self.ids)]).project_id
        if with_contacts:
            raise UserError(
                self.env._(
                    "The project “%(name)s” has logged contacts and cannot be "
                    "deleted: archive it instead, so that its history stays.",
                    name=with_contacts[0].name,
                )
            )

    def action_set_active(self):
        """Start the projects."""
        self.write({"state": "active"})

    def action_set_done(self):
        """Mark the projects done."""
        self.write({"state": "done"})

    def action_cancel(self):
        """Cancel the projects."""
        self.write({"state": "cancelled"})

    def action_reset_draft(self):
        """Set the projects back to draft."""
        self.write({"state": "draft"})

    def _contact_defaults(self):
        self.ensure_one()
        return {
            "default_partner_id": self.partner_id.id,
            "default_project_id": self.id,
            "default_company_id": self.company_id.id,
        }

    def action_log_contact(self):
        """Open a new contact of the client, linked to this project."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Log a contact"),
            "res_model": "dossier.contact",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": self._contact_defaults(),
        }

    def action_open_contacts(self):
        """Open the contacts logged under this project."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dossier_crm.action_dossier_contact"
        )
        action["domain"] = [("project_id", "=", self.id)]
        action["context"] = self._contact_defaults()
        return action

    def action_open_leads(self):
        """Open the deals of this project."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm.crm_lead_opportunities"
        )
        action["domain"] = [("dossier_project_id", "=", self.id)]
        action["context"] = {
            "default_dossier_project_id": self.id,
            "default_partner_id": self.partner_id.id,
            "default_type": "opportunity",
        }
        return action
