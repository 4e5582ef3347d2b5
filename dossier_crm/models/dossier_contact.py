from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL, format_datetime

CHANNELS = [
    ("meeting", "Meeting"),
    ("phone", "Phone call"),
    ("letter", "Letter"),
    ("email", "Email"),
    ("other", "Other"),
]
DIRECTIONS = [("inbound", "Inbound"), ("outbound", "Outbound")]
# Where a contact came from: typed in, captured from an email or a meeting,
# imported, or planned by one of the automated paths.
SOURCES = [
    ("manual", "Manual"),
    ("email", "Email"),
    ("meeting", "Meeting"),
    ("import", "Import"),
    ("greeting", "Greeting"),
    ("followup", "Follow-up"),
    ("campaign", "Campaign"),
    ("payment_reminder", "Payment reminder"),
]
# Changing one of these on a contact updates (or creates, or closes) its activity.
ACTIVITY_SYNC_FIELDS = ("state", "date", "user_id", "summary", "partner_id")


class DossierContact(models.Model):
    _name = "dossier.contact"
    _description = "Client Contact"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "dossier.confidentiality.mixin",
        "dossier.commercial.mixin",
        "dossier.planning.mixin",
    ]
    _order = "date desc, id desc"
    _rec_name = "summary"
    _check_company_auto = True
    _dossier_person_field = "contact_person_id"

    summary = fields.Char(required=True, tracking=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Client",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
        check_company=True,
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
        check_company=True,
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
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    recent_contact_warning = fields.Text(
        compute="_compute_recent_contact_warning",
        help="What colleagues did or plan with this client: their done contacts "
        "within the recent contact window, and their planned contacts.",
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

    # Receivables: a planned call about money owed, so that the Receivables
    # report does not plan a second one while the first is pending.
    payment_reminder = fields.Boolean(
        readonly=True,
        help="Planned from the Receivables report to remind the client of "
        "unpaid invoices.",
    )

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

    # Activity capture: where the contact came from and what it was captured
    # from. Only the addon's own code sets them (see
    # dossier.contact.capture._check_automation_fields); the unique indexes
    # (see init) make capturing the same message or meeting twice impossible.
    source = fields.Selection(
        SOURCES,
        required=True,
        default="manual",
        readonly=True,
        copy=False,
        index=True,
        help="How the contact got into the log: typed in, captured from an "
        "email or a calendar meeting, imported, or planned automatically.",
    )
    mail_message_id = fields.Many2one(
        "mail.message",
        string="Email",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="The message this contact was captured from.",
    )
    calendar_event_id = fields.Many2one(
        "calendar.event",
        string="Meeting",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="The calendar meeting this contact is kept in step with.",
    )
    origin_ref = fields.Reference(
        selection="_selection_origin_ref",
        string="Posted on",
        readonly=True,
        copy=False,
        help="The record whose chatter the captured email was posted on.",
    )

    # What a follow-up planned by the daily job is for: the links make the job
    # idempotent, and the unique indexes (see init) keep it so across workers.
    birthday_partner_id = fields.Many2one(
        "res.partner",
        string="Birthday of",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
    )
    birthday_relation_id = fields.Many2one(
        "dossier.relation",
        string="Birthday of relation",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
    )
    birthday_year = fields.Integer(readonly=True, copy=False)
    life_event_ids = fields.One2many(
        "dossier.life.event", "followup_contact_id", string="Life events"
    )

    _sql_constraints = [
        (
            "holiday_greeting_unique",
            "UNIQUE(holiday_id, holiday_year, partner_id)",
            "A client gets one greeting per holiday and year.",
        ),
    ]

    def init(self):
        self.env["dossier.contact.capture"]._create_unique_indexes()
        # One birthday follow-up per person (or relation) and year, even when
        # two workers run the job at once.
        for column in ("birthday_partner_id", "birthday_relation_id"):
            self.env.cr.execute(
                SQL(
                    "CREATE UNIQUE INDEX IF NOT EXISTS %s ON dossier_contact "
                    "(%s, birthday_year) WHERE %s IS NOT NULL",
                    SQL.identifier(f"dossier_contact_{column}_year_uniq"),
                    SQL.identifier(column),
                    SQL.identifier(column),
                )
            )

    @api.model
    def _selection_origin_ref(self):
        return self.env["dossier.contact.capture"]._origin_models()

    @api.model_create_multi
    def create(self, vals_list):
        self.env["dossier.contact.capture"]._check_automation_fields(
            vals_list, create=True
        )
        contacts = super().create(vals_list)
        contacts.filtered(lambda c: c.state == "planned")._dossier_sync_activities()
        return contacts

    def write(self, vals):
        self.env["dossier.contact.capture"]._check_automation_fields([vals])
        res = super().write(vals)
        if not self.env.context.get("dossier_activity_sync") and any(
            name in vals for name in ACTIVITY_SYNC_FIELDS
        ):
            self._dossier_sync_activities()
        return res

    def unlink(self):
        """Delete the contacts with their activities."""
        # The mixin deletes the activities first: they must not cancel the
        # contacts on their way out.
        return super(
            DossierContact, self.with_context(dossier_activity_sync=True)
        ).unlink()

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

    # ------------------------------------------------------------------
    # States
    # ------------------------------------------------------------------

    def action_done(self):
        """Mark planned contacts done. A contact done ahead of its planned
        date happened now; an overdue one keeps its planned date, which the
        user corrects if it happened later."""
        now = fields.Datetime.now()
        early = self.filtered(lambda c: c.state != "done" and c.date > now)
        early.write({"state": "done", "date": now})
        (self - early).filtered(lambda c: c.state != "done").write({"state": "done"})
        return True

    def action_cancel(self):
        """Cancel the planned contacts (their activities are deleted)."""
        self.filtered(lambda c: c.state == "planned").write({"state": "cancelled"})
        return True

    def action_reset_to_planned(self):
        """Plan the done or cancelled contacts again."""
        self.filtered(lambda c: c.state != "planned").write({"state": "planned"})
        return True

    def action_plan_next(self):
        """Open a new planned contact with the same client and person."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Plan a contact"),
            "res_model": "dossier.contact",
            "view_mode": "form",
            "views": [
                (self.env.ref("dossier_crm.view_dossier_contact_form").id, "form")
            ],
            "target": "current",
            "context": {
                "default_partner_id": self.partner_id.id,
                "default_contact_person_id": self.contact_person_id.id,
                "default_channel": self.channel,
                "default_direction": "outbound",
                "default_lead_id": self.lead_id.id,
                "default_state": "planned",
                "default_date": fields.Datetime.to_string(
                    fields.Datetime.now() + relativedelta(days=7)
                ),
            },
        }

    @api.onchange("date")
    def _onchange_date_plan_future(self):
        # A contact dated in the future can only be a planned one.
        now = fields.Datetime.now()
        for contact in self:
            if contact.date and contact.date > now and contact.state == "done":
                contact.state = "planned"

    def _dossier_sync_activities(self):
        """Bring the activities of these contacts in step with them (see
        mail.activity._dossier_sync_contacts)."""
        self.env["mail.activity"]._dossier_sync_contacts(self)

    # ------------------------------------------------------------------
    # Recent contact warning
    # ------------------------------------------------------------------

    @api.depends("partner_id", "user_id", "state")
    @api.depends_context("uid")
    def _compute_recent_contact_warning(self):
        Warning_ = self.env["dossier.contact.warning"]
        recent = Warning_._recent_contacts(set(self.partner_id.ids))
        for contact in self:
            # A cancelled or done contact needs no warning: it is history.
            if contact.state != "planned" and contact.id:
                contact.recent_contact_warning = False
                continue
            others = recent[contact.partner_id.id].filtered(
                lambda c, contact=contact: c.id != contact._origin.id
            )
            contact.recent_contact_warning = Warning_._warning_text(others)
