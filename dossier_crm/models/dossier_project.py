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
    _inherit = ["mail.thread", "mail.activity.mixin"]
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
        help="The client company (commercial partner) the project is run for.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Project Lead",
        default=lambda self: self.env.user,
        index="btree_not_null",
        tracking=True,
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

    @api.model
    def _normalized_partner_vals(self, vals):
        """A project belongs to the client company, never to one of its people."""
        if vals.get("partner_id"):
            partner = self.env["res.partner"].browse(vals["partner_id"])
            if partner.commercial_partner_id != partner:
                vals = dict(vals, partner_id=partner.commercial_partner_id.id)
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        return super().create([self._normalized_partner_vals(v) for v in vals_list])

    def write(self, vals):
        return super().write(self._normalized_partner_vals(vals))

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
        self.write({"state": "active"})

    def action_set_done(self):
        self.write({"state": "done"})

    def action_cancel(self):
        self.write({"state": "cancelled"})

    def action_reset_draft(self):
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
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dossier_crm.action_dossier_contact"
        )
        action["domain"] = [("project_id", "=", self.id)]
        action["context"] = self._contact_defaults()
        return action

    def action_open_leads(self):
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


class DossierProjectMember(models.Model):
    _name = "dossier.project.member"
    _description = "Client Project Team Member"
    _order = "project_id, sequence, id"

    sequence = fields.Integer(default=10)
    project_id = fields.Many2one(
        "dossier.project", required=True, index=True, ondelete="cascade"
    )
    user_id = fields.Many2one(
        "res.users",
        string="Member",
        required=True,
        index=True,
        ondelete="cascade",
        domain="[('share', '=', False)]",
    )
    role = fields.Selection(
        [
            ("account_manager", "Account manager"),
            ("consultant", "Consultant"),
            ("trainer", "Trainer"),
            ("coordinator", "Coordinator"),
            ("expert", "Expert"),
            ("other", "Other"),
        ],
        required=True,
        default="consultant",
    )
    note = fields.Char(
        string="Responsibilities", help="What this member does in the project."
    )
    company_id = fields.Many2one(related="project_id.company_id", store=True)

    def _check_project_write_access(self, project_ids):
        # The record rules alone would let a user join a team it is not in: once
        # the line exists, the user is a member. So the project decides first.
        self.env["dossier.project"].browse(project_ids).check_access("write")

    @api.model_create_multi
    def create(self, vals_list):
        self._check_project_write_access(
            {vals["project_id"] for vals in vals_list if vals.get("project_id")}
        )
        return super().create(vals_list)

    def write(self, vals):
        project_ids = set(self.project_id.ids)
        if vals.get("project_id"):
            project_ids.add(vals["project_id"])
        self._check_project_write_access(project_ids)
        return super().write(vals)

    def unlink(self):
        self._check_project_write_access(set(self.project_id.ids))
        return super().unlink()

    @api.constrains("project_id", "user_id")
    def _check_unique_member(self):
        groups = self.sudo()._read_group(
            [
                ("project_id", "in", self.project_id.ids),
                ("user_id", "in", self.user_id.ids),
            ],
            ["project_id", "user_id"],
            having=[("__count", ">", 1)],
        )
        for project, user in groups:
            raise ValidationError(
                self.env._(
                    "%(user)s is in the team of “%(project)s” more than once: "
                    "give the user one line with one role.",
                    user=user.name,
                    project=project.name,
                )
            )
