from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL, format_datetime

from .link_access import AUTOMATION, check_created_links, check_written_links

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
# Who reads a contact and who deletes it are decided by these: a participant
# reads it and records what happened, but only its owners (see
# _dossier_check_owner) change them, so that nobody widens what he was shown.
OWNER_FIELDS = ("confidentiality", "user_id", "participant_ids")
# The links users set, and what they need on the target (see link_access): the
# markers of the planners are the planners' own. The deal (lead_id) is not
# checked: dossier users without sales rights link the client's deals, which
# the contacts report counts.
LINKS = {
    "project_id": "read",
    "contact_person_id": "read",
    "holiday_id": AUTOMATION,
    "holiday_year": AUTOMATION,
    "birthday_partner_id": AUTOMATION,
    "birthday_relation_id": AUTOMATION,
    "birthday_year": AUTOMATION,
    "payment_reminder": AUTOMATION,
}
# The columns of a contact its client's last and next contact dates follow
# (see dossier.contact.dates).
DATE_SOURCE_FIELDS = ("partner_id", "company_id", "state", "date")
# A write on more contacts than this (a mass edit) logs its changes in one
# batch instead of tracking each contact.
BULK_TRACKING_MIN = 20
# Hours the calendar gives a contact logged without a duration.
CALENDAR_DURATION = 0.5


class DossierContact(models.Model):
    _name = "dossier.contact"
    _description = "Client Contact"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "dossier.confidentiality.mixin",
        "dossier.commercial.mixin",
        "dossier.planning.mixin",
        # The log grouped by responsible (or client, deal): see the mixin.
        "dossier.group.order.mixin",
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
    # The person's own name, for lists that show the client beside it (the
    # person's display name starts with the client's).
    contact_person_name = fields.Char(
        related="contact_person_id.name", string="Person", readonly=True
    )
    contact_person_id = fields.Many2one(
        "res.partner",
        string="Person spoken to",
        index="btree_not_null",
        tracking=True,
        # Deleting the person would silently empty the history: refused (see
        # res.partner._unlink_except_dossier_history).
        ondelete="restrict",
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
    # What the calendar draws: a contact logged without a duration would be
    # a sliver in the week. Not stored: the duration itself stays as logged.
    calendar_duration = fields.Float(
        compute="_compute_calendar_duration",
        inverse="_inverse_calendar_duration",
        help="Duration shown in the calendar: the contact's, or half an hour "
        "when none was logged.",
    )
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
        # Every column, in the order of the work: Planned, Done, Cancelled
        # (grouped by value alone, the kanban would show Cancelled first).
        group_expand=True,
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
        copy=False,
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
    # No index of its own: the unique greeting index below leads with it (see
    # dossier.holiday.init).
    holiday_id = fields.Many2one(
        "dossier.holiday",
        ondelete="set null",
        readonly=True,
        copy=False,
        help="Holiday this greeting contact was planned for.",
    )
    holiday_template_id = fields.Many2one(
        related="holiday_id.template_id", string="Greeting template"
    )
    holiday_year = fields.Integer(
        string="Holiday year",
        readonly=True,
        copy=False,
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

    @api.depends("summary", "partner_id.display_name")
    @api.depends_context("uid")
    def _compute_display_name(self):
        # Odoo names the target of a many2one as superuser (a life event's
        # follow-up, an activity's contact): the summary is shown only to
        # whoever may read the contact, whichever record points at it.
        readable = self.with_env(self.env(su=False))._filtered_access("read")
        for contact in self:
            if contact in readable:
                contact.display_name = contact._dossier_title()
            else:
                contact.display_name = self.env._("Confidential contact")

    def _dossier_title(self):
        """ "Client: summary", the name of a contact wherever it is listed
        (activities, calendar, many2one fields): a summary alone does not
        say with whom."""
        self.ensure_one()
        client = self.partner_id.display_name
        if not client:
            return self.summary or ""
        if not self.summary:
            return client
        return self.env._(
            "%(client)s: %(summary)s", client=client, summary=self.summary
        )

    def init(self):
        # The reads of one client (timeline, warning, dates, counts): their
        # cost follows the client's contacts, not all the contacts of the
        # database. The report's period has its own index (its init).
        for name, definition in (
            ("dossier_contact_partner_date_idx", "(partner_id, date DESC, id DESC)"),
            (
                "dossier_contact_planned_partner_idx",
                "(partner_id, date) WHERE state = 'planned'",
            ),
        ):
            self.env.cr.execute(
                SQL(
                    "CREATE INDEX IF NOT EXISTS %s ON dossier_contact %s",
                    SQL.identifier(name),
                    SQL(definition),
                )
            )
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
        Contact = self
        if self.env.context.get("import_file"):
            # An import of history: no creation note, follower and tracking
            # per imported contact (Odoo's import creates them in batches).
            Contact = self.with_context(
                tracking_disable=True,
                mail_create_nolog=True,
                mail_create_nosubscribe=True,
            )
        contacts = super(DossierContact, Contact).create(vals_list).with_env(self.env)
        self.env["dossier.contact.dates"]._dossier_refresh(contacts.ids)
        check_created_links(contacts, LINKS)
        contacts.filtered(lambda c: c.state == "planned")._dossier_sync_activities()
        return contacts

    def write(self, vals):
        self.env["dossier.contact.capture"]._check_automation_fields([vals])
        check_written_links(self, vals, LINKS)
        if any(name in vals for name in OWNER_FIELDS):
            self._dossier_check_owner()
        # Where the contacts were: their client's dates there change too.
        left = (
            self._dossier_date_pairs()
            if {"partner_id", "company_id"} & set(vals)
            else ()
        )
        tracked = self._dossier_bulk_tracked(vals)
        if tracked:
            # A mass edit: one note per contact in one batch insert instead of
            # a tracking message and its values per contact.
            res = super(DossierContact, self.with_context(tracking_disable=True)).write(
                vals
            )
            self._dossier_log_bulk_change(tracked)
        else:
            res = super().write(vals)
        if any(name in vals for name in DATE_SOURCE_FIELDS):
            self.env["dossier.contact.dates"]._dossier_refresh(self.ids, left)
        synced = [name for name in ACTIVITY_SYNC_FIELDS if name in vals]
        if synced and not self.env.context.get("dossier_activity_sync"):
            if synced == ["date"]:
                # Moved, nothing else (a mass edit, a rescheduled follow-up):
                # the activities follow in one UPDATE.
                self.env["mail.activity"]._dossier_move_deadlines(self)
            else:
                self._dossier_sync_activities()
        return res

    @api.model
    def _dossier_insert(self, vals_list, model=None):
        """The planners' batch insert (see dossier.planning.mixin): the
        clients' contact dates follow the inserted contacts, in one statement
        for the batch."""
        records = super()._dossier_insert(vals_list, model)
        if records._name == self._name:
            self.env["dossier.contact.dates"]._dossier_refresh(records.ids)
        return records

    def _dossier_date_pairs(self):
        """The (client id, company id) pairs of these contacts as stored."""
        # As superuser: only the ids of the contacts' own client and company,
        # to recompute their dates, are read.
        return {
            (contact.partner_id.id, contact.company_id.id) for contact in self.sudo()
        }

    def _dossier_check_created(self):
        """The links of contacts planned in bulk are checked as create()
        checks them (see dossier.planning.mixin._plan_contacts)."""
        result = super()._dossier_check_created()
        check_created_links(self, LINKS)
        return result

    def _dossier_check_owner(self):
        """Refuse to change who sees these contacts unless the user owns them:
        he is their responsible or their author, or a dossier manager and the
        contact is not private. Participants may write the rest (the record
        rules), not this."""
        if self.env.su:
            return
        user = self.env.user
        manager = user.has_group("dossier_crm.group_dossier_manager")
        # As superuser: the fields are compared, nothing is returned.
        foreign = self.sudo().filtered(
            lambda c: (
                user not in (c.user_id | c.create_uid)
                and not (manager and c.confidentiality != "private")
            )
        )
        if foreign:
            raise AccessError(
                self.env._(
                    "Only the responsible, the author and the dossier managers "
                    "change who takes part in a contact and who may read it; "
                    "you take part in “%(summary)s”.",
                    summary=foreign.with_env(self.env)[:1].summary,
                )
            )

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        """Subscribe followers; whoever follows a contact is told what is
        posted on it, so only its owners make others follow it."""
        if set(partner_ids or ()) - set(self.env.user.partner_id.ids):
            self._dossier_check_owner()
        return super().message_subscribe(
            partner_ids=partner_ids, subtype_ids=subtype_ids
        )

    def _dossier_bulk_tracked(self, vals):
        """The tracked fields ``vals`` changes when it is written on more than
        BULK_TRACKING_MIN contacts (a mass edit, a job): their changes are
        logged in one batch. Empty for a usual write, tracked as always."""
        if len(self) <= BULK_TRACKING_MIN or self.env.context.get("tracking_disable"):
            return []
        return [name for name in self._track_get_fields() if name in vals]

    def _dossier_log_bulk_change(self, names):
        """Log on each contact the new values of ``names``, the same for all,
        in one batch."""
        first = self[:1]

        def shown(name):
            field, value = self._fields[name], first[name]
            if field.type == "datetime" and value:
                return format_datetime(self.env, value)
            return field.convert_to_export(value, first) or "—"

        changes = "; ".join(
            f"{self._fields[name]._description_string(self.env)}: {shown(name)}"
            for name in names
        )
        body = Markup("<p>%s</p>") % self.env._(
            "Changed on %(count)s contacts at once: %(changes)s",
            count=len(self),
            changes=changes,
        )
        # One INSERT for the batch: mail.message's create costs about a
        # millisecond a message (defaults, sanitizing, caches), the whole time
        # budget of a mass edit. The note is internal and notifies nobody, as
        # _message_log_batch's; the body is escaped above.
        now = fields.Datetime.now()
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO mail_message (model, res_id, body, message_type,
                       subtype_id, is_internal, author_id, email_from, date,
                       create_uid, create_date, write_uid, write_date)
                SELECT %(model)s, res_id, %(body)s, 'notification', %(subtype)s,
                       TRUE, %(author)s, %(email)s, %(now)s,
                       %(uid)s, %(now)s, %(uid)s, %(now)s
                  FROM unnest(%(ids)s) AS res_id
                """,
                model=self._name,
                body=body,
                subtype=self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note"),
                author=self.env.user.partner_id.id,
                email=self.env.user.email_formatted or None,
                now=now,
                uid=self.env.uid,
                ids=self.ids,
            )
        )
        self.invalidate_recordset(["message_ids"])

    def unlink(self):
        """Delete the contacts with their activities; their clients' dates
        follow."""
        left = self._dossier_date_pairs()
        # The mixin deletes the activities first: they must not cancel the
        # contacts on their way out.
        res = super(
            DossierContact, self.with_context(dossier_activity_sync=True)
        ).unlink()
        self.env["dossier.contact.dates"]._dossier_refresh(pairs=left)
        return res

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

    @api.depends("duration")
    def _compute_calendar_duration(self):
        for contact in self:
            contact.calendar_duration = contact.duration or CALENDAR_DURATION

    def _inverse_calendar_duration(self):
        # Resizing a contact in the calendar sets its duration.
        for contact in self:
            contact.duration = contact.calendar_duration

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
    @api.depends_context("uid", "allowed_company_ids")
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
