from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_datetime

CHANNELS = [
    ("meeting", "Meeting"),
    ("phone", "Phone call"),
    ("letter", "Letter"),
    ("email", "Email"),
    ("other", "Other"),
]
DIRECTIONS = [("inbound", "Inbound"), ("outbound", "Outbound")]
CONFIDENTIALITY = [
    ("all", "All dossier users"),
    ("managers", "Dossier managers"),
    ("private", "Only me"),
]


class DossierContact(models.Model):
    _name = "dossier.contact"
    _description = "Client Contact"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _rec_name = "summary"
    _check_company_auto = True

    summary = fields.Char(required=True, tracking=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Client",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
        help="The client: always the company (commercial partner) of the person "
        "spoken to, so that the company's dossier shows every contact.",
    )
    contact_person_id = fields.Many2one(
        "res.partner",
        string="Person spoken to",
        index="btree_not_null",
        tracking=True,
        domain="[('commercial_partner_id', '=', partner_id)]",
    )
    channel = fields.Selection(CHANNELS, required=True, default="phone", tracking=True)
    direction = fields.Selection(
        DIRECTIONS, required=True, default="outbound", tracking=True
    )
    date = fields.Datetime(
        required=True, default=fields.Datetime.now, index=True, tracking=True
    )
    duration = fields.Float(help="Duration in hours.")
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        index=True,
        tracking=True,
        domain="[('share', '=', False)]",
    )
    participant_ids = fields.Many2many(
        "res.users",
        "dossier_contact_participant_rel",
        "contact_id",
        "user_id",
        string="Participants",
        domain="[('share', '=', False)]",
    )
    description = fields.Html()
    outcome = fields.Text(tracking=True)
    state = fields.Selection(
        [("planned", "Planned"), ("done", "Done"), ("cancelled", "Cancelled")],
        required=True,
        default="done",
        index=True,
        tracking=True,
    )
    lead_id = fields.Many2one(
        "crm.lead",
        string="Deal",
        index="btree_not_null",
        tracking=True,
        check_company=True,
        domain="[('partner_id', 'child_of', partner_id)]",
    )
    decision_ids = fields.One2many("dossier.decision", "contact_id", string="Decisions")
    confidentiality = fields.Selection(
        CONFIDENTIALITY,
        required=True,
        default="all",
        tracking=True,
        help="All dossier users; dossier managers and the author; or the author "
        "only. Enforced by record rules, not only hidden.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )

    @api.model
    def _normalized_partner_vals(self, vals):
        """Store the commercial partner as client, the person as contact."""
        if not vals.get("partner_id"):
            return vals
        partner = self.env["res.partner"].browse(vals["partner_id"])
        commercial = partner.commercial_partner_id
        if partner != commercial:
            vals = dict(vals, partner_id=commercial.id)
            if not vals.get("contact_person_id"):
                vals["contact_person_id"] = partner.id
        return vals

    @api.model
    def _check_required_vals(self, vals, creating):
        if (creating or "partner_id" in vals) and not vals.get("partner_id"):
            raise ValidationError(self.env._("A contact needs a client."))
        if (creating or "date" in vals) and not vals.get("date"):
            raise ValidationError(self.env._("A contact needs a date."))

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [self._add_missing_default_values(vals) for vals in vals_list]
        for vals in vals_list:
            self._check_required_vals(vals, creating=True)
        return super().create([self._normalized_partner_vals(v) for v in vals_list])

    def write(self, vals):
        self._check_required_vals(vals, creating=False)
        return super().write(self._normalized_partner_vals(vals))

    @api.onchange("partner_id")
    def _onchange_partner_id_to_commercial(self):
        for contact in self:
            partner = contact.partner_id
            if partner and partner != partner.commercial_partner_id:
                contact.contact_person_id = partner
                contact.partner_id = partner.commercial_partner_id

    @api.constrains("state", "date")
    def _check_done_not_in_future(self):
        now = fields.Datetime.now()
        for contact in self:
            if contact.state == "done" and contact.date > now:
                raise ValidationError(
                    self.env._(
                        "The contact “%(summary)s” is dated %(date)s, in the "
                        "future: plan it instead of marking it done.",
                        summary=contact.summary,
                        date=format_datetime(self.env, contact.date),
                    )
                )

    @api.constrains("duration")
    def _check_duration(self):
        if any(contact.duration < 0 for contact in self):
            raise ValidationError(self.env._("A contact cannot last less than zero."))

    @api.constrains("contact_person_id", "partner_id")
    def _check_contact_person(self):
        for contact in self:
            person = contact.contact_person_id
            if person and person.commercial_partner_id != contact.partner_id:
                raise ValidationError(
                    self.env._(
                        "%(person)s does not belong to the client %(client)s.",
                        person=person.display_name,
                        client=contact.partner_id.display_name,
                    )
                )

    project_id = fields.Many2one(
        "dossier.project",
        index="btree_not_null",
        tracking=True,
        ondelete="restrict",
        check_company=True,
        domain="[('partner_id', '=', partner_id)]",
        help="The client project this contact belongs to; it shows on the "
        "project and on the client.",
    )

    @api.constrains("project_id", "partner_id")
    def _check_project_client(self):
        for contact in self:
            project = contact.project_id
            if project and project.partner_id != contact.partner_id:
                raise ValidationError(
                    self.env._(
                        "The project “%(project)s” is run for %(project_client)s, "
                        "not for %(client)s.",
                        project=project.name,
                        project_client=project.partner_id.display_name,
                        client=contact.partner_id.display_name,
                    )
                )

    @api.onchange("project_id")
    def _onchange_project_id_client(self):
        for contact in self:
            if contact.project_id and not contact.partner_id:
                contact.partner_id = contact.project_id.partner_id

    # Marketing: the campaign a contact belongs to, and the holiday greeting it
    # was planned for (one per client, holiday and year: see dossier.holiday).
    campaign_id = fields.Many2one(
        "utm.campaign",
        index="btree_not_null",
        ondelete="set null",
        tracking=True,
        help="Marketing campaign this contact belongs to.",
    )
    holiday_id = fields.Many2one(
        "dossier.holiday",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
        help="Holiday this greeting contact was planned for.",
    )
    holiday_template_id = fields.Many2one(
        related="holiday_id.template_id", string="Greeting template"
    )
    holiday_year = fields.Integer(
        string="Holiday year",
        readonly=True,
        help="Year of the holiday this greeting contact was planned for.",
    )

    _sql_constraints = [
        (
            "holiday_greeting_unique",
            "UNIQUE(holiday_id, holiday_year, partner_id)",
            "A client gets one greeting per holiday and year.",
        ),
    ]

    @api.model
    def _create_planned_batch(self, vals_list, log_body=None):
        """Create many contacts (campaigns, greetings) in a number of queries
        that does not grow with the number of contacts. mail.thread subscribes
        and logs record by record on create; here the responsible users
        follow their contacts in one insert per user, the creation note is
        logged in one batch, and nobody gets an "assigned to you" mail per
        contact."""
        contacts = self.with_context(tracking_disable=True).create(vals_list)
        contacts = contacts.with_env(self.env)
        for user, user_contacts in contacts.grouped("user_id").items():
            if user:
                user_contacts._message_subscribe(partner_ids=user.partner_id.ids)
        if log_body and contacts:
            contacts._message_log_batch(bodies=dict.fromkeys(contacts.ids, log_body))
        return contacts

    def action_dossier_send_greeting(self):
        """Open the mail composer with the holiday's greeting, for the client
        (res.partner template) or for this contact (dossier.contact one)."""
        self.ensure_one()
        template = self.holiday_id.template_id
        if template.model == "res.partner":
            model, res_id = "res.partner", self.partner_id.id
        else:
            model, res_id = self._name, self.id
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Send the greeting"),
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": model,
                "default_res_ids": [res_id],
                "default_template_id": template.id,
                "default_composition_mode": "comment",
                "default_partner_ids": (self.contact_person_id or self.partner_id).ids,
            },
        }
