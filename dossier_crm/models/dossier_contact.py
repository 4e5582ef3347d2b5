from collections import defaultdict

from dateutil.relativedelta import relativedelta

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
# Changing one of these on a contact updates (or creates, or closes) its activity.
ACTIVITY_SYNC_FIELDS = ("state", "date", "user_id", "summary", "partner_id")
# Banner lines described in full; more are only counted.
WARNING_MAX_LINES = 5
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

    _sql_constraints = [
        (
            "holiday_greeting_unique",
            "UNIQUE(holiday_id, holiday_year, partner_id)",
            "A client gets one greeting per holiday and year.",
        ),
    ]

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
        contacts = super().create([self._normalized_partner_vals(v) for v in vals_list])
        contacts.filtered(lambda c: c.state == "planned")._dossier_sync_activities()
        return contacts

    def write(self, vals):
        self._check_required_vals(vals, creating=False)
        res = super().write(self._normalized_partner_vals(vals))
        if not self.env.context.get("dossier_activity_sync") and any(
            name in vals for name in ACTIVITY_SYNC_FIELDS
        ):
            self._dossier_sync_activities()
        return res

    def unlink(self):
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

    @api.model
    def _create_planned_batch(self, vals_list, log_body=None):
        """Create many contacts (campaigns, greetings, follow-ups) in a number
        of queries that does not grow with their number. mail.thread subscribes
        and logs record by record on create; here the responsible users
        follow their contacts in one insert per user, the creation note is
        logged in one batch, and nobody gets an "assigned to you" mail per
        contact."""
        # Their activities are created in the same batch, without the
        # "assigned to you" mail per activity (mail_activity_quick_update).
        contacts = self.with_context(
            tracking_disable=True, mail_activity_quick_update=True
        ).create(vals_list)
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
        self.filtered(lambda c: c.state == "planned").write({"state": "cancelled"})
        return True

    def action_reset_to_planned(self):
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

    # ------------------------------------------------------------------
    # Activities: a planned contact is an activity of its responsible
    # ------------------------------------------------------------------

    def _dossier_activity_values(self):
        self.ensure_one()
        responsible = self.user_id
        # The deadline is the contact's day where the responsible lives.
        local = fields.Datetime.context_timestamp(
            self.with_context(tz=responsible.tz or self.env.user.tz or "UTC"),
            self.date,
        )
        return {
            "user_id": responsible.id,
            "date_deadline": local.date(),
            "summary": self.summary,
        }

    def _dossier_sync_activities(self):
        """Bring the activities of these contacts in step with them, in batch:
        one activity per planned contact with a responsible, none otherwise
        (marked done when the contact is done, deleted when it is cancelled)."""
        if not self:
            return
        Activity = self.env["mail.activity"].sudo()
        by_contact = defaultdict(lambda: Activity)
        for activity in Activity.search([("dossier_contact_id", "in", self.ids)]):
            by_contact[activity.dossier_contact_id.id] |= activity
        to_create, to_write, to_done, to_drop = self._dossier_activity_changes(
            by_contact
        )
        # The flag tells the activity overrides the contact is already in step.
        sync = {"dossier_activity_sync": True}
        for changes, activities in to_write.items():
            activities.with_context(**sync).write(dict(changes))
        if to_create:
            Activity.with_context(**sync).create(to_create)
        if to_done:
            to_done.with_context(**sync)._action_done()
        if to_drop:
            to_drop.with_context(**sync).unlink()

    def _dossier_activity_changes(self, by_contact):
        """What to do with the activities: values to create, activities to
        write (grouped by identical changes), to mark done, to delete."""
        Activity = self.env["mail.activity"].sudo()
        activity_type = self.env.ref(
            "dossier_crm.mail_activity_type_dossier_contact", raise_if_not_found=False
        )
        model_id = self.env["ir.model"]._get_id(self._name)
        to_create, to_done, to_drop = [], Activity, Activity
        to_write = defaultdict(lambda: Activity)
        for contact in self:
            current = by_contact[contact.id]
            if contact.state == "done":
                to_done |= current
            elif contact.state != "planned" or not contact.user_id or not activity_type:
                to_drop |= current
            elif not current:
                to_create.append(
                    {
                        **contact._dossier_activity_values(),
                        "res_model_id": model_id,
                        "res_id": contact.id,
                        "activity_type_id": activity_type.id,
                        "dossier_contact_id": contact.id,
                    }
                )
            else:
                values = contact._dossier_activity_values()
                for activity in current:
                    current_values = {
                        "user_id": activity.user_id.id,
                        "date_deadline": activity.date_deadline,
                        "summary": activity.summary,
                    }
                    changed = {
                        name: value
                        for name, value in values.items()
                        if current_values[name] != value
                    }
                    if changed:
                        to_write[tuple(sorted(changed.items()))] |= activity
        return to_create, to_write, to_done, to_drop

    # ------------------------------------------------------------------
    # Recent contact warning
    # ------------------------------------------------------------------

    @api.model
    def _dossier_recent_contact_days(self):
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("dossier_crm.recent_contact_days", "7")
        )
        try:
            return max(int(value), 0)
        except ValueError:
            return 7

    @api.model
    def _dossier_recent_contacts(self, partner_ids):
        """Contacts that make a client "recently contacted", read as superuser
        in one query: done ones within the window and planned ones, by client
        id, most recent first. Empty when the window is set to 0."""
        days = self._dossier_recent_contact_days()
        result = defaultdict(lambda: self.browse().sudo())
        if not days or not partner_ids:
            return result
        since = fields.Datetime.now() - relativedelta(days=days)
        contacts = (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("partner_id", "in", list(partner_ids)),
                    "|",
                    ("state", "=", "planned"),
                    "&",
                    ("state", "=", "done"),
                    ("date", ">=", since),
                ],
                order="date desc, id desc",
            )
        )
        for contact in contacts:
            result[contact.partner_id.id] |= contact
        return result

    @api.model
    def _dossier_warning_text(self, contacts_sudo):
        """The banner for these contacts of others (superuser records): the
        ones the reader may read are described, the others only counted."""
        user = self.env.user
        contacts_sudo = contacts_sudo.filtered(
            lambda c: (c.user_id or c.create_uid) != user
        )
        if not contacts_sudo:
            return False
        readable_ids = set(self.browse(contacts_sudo.ids)._filtered_access("read").ids)
        readable = contacts_sudo.filtered(lambda c: c.id in readable_ids)
        hidden = len(contacts_sudo) - len(readable)
        lines = [c._dossier_warning_line() for c in readable[:WARNING_MAX_LINES]]
        more = len(readable) - WARNING_MAX_LINES
        if more > 0:
            lines.append(self.env._("And %(count)s more.", count=more))
        if hidden == 1:
            lines.append(
                self.env._(
                    "1 confidential contact by a colleague, recent or planned, "
                    "that you may not read."
                )
            )
        elif hidden:
            lines.append(
                self.env._(
                    "%(count)s confidential contacts by colleagues, recent or "
                    "planned, that you may not read.",
                    count=hidden,
                )
            )
        return "\n".join(lines)

    def _dossier_kind_label(self):
        self.ensure_one()
        labels = {
            ("inbound", "meeting"): self.env._("Meeting at the client's request"),
            ("outbound", "meeting"): self.env._("Meeting"),
            ("inbound", "phone"): self.env._("Inbound phone call"),
            ("outbound", "phone"): self.env._("Outbound phone call"),
            ("inbound", "letter"): self.env._("Incoming letter"),
            ("outbound", "letter"): self.env._("Outgoing letter"),
            ("inbound", "email"): self.env._("Incoming email"),
            ("outbound", "email"): self.env._("Outgoing email"),
            ("inbound", "other"): self.env._("Inbound contact"),
            ("outbound", "other"): self.env._("Outbound contact"),
        }
        return labels[(self.direction, self.channel)]

    def _dossier_warning_line(self):
        """E.g. "Inbound phone call 2 days ago, logged by Anna Petrova"."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        day = fields.Datetime.context_timestamp(self, self.date).date()
        delta = (day - today).days
        if delta == 0:
            when = self.env._("today")
        elif delta == -1:
            when = self.env._("yesterday")
        elif delta == 1:
            when = self.env._("tomorrow")
        elif delta < 0:
            when = self.env._("%(days)s days ago", days=-delta)
        else:
            when = self.env._("in %(days)s days", days=delta)
        author = (self.user_id or self.create_uid).name or ""
        kind = self._dossier_kind_label()
        if self.state == "done":
            return self.env._(
                "%(kind)s %(when)s, logged by %(user)s",
                kind=kind,
                when=when,
                user=author,
            )
        if delta < 0:
            return self.env._(
                "%(kind)s planned by %(user)s %(when)s, not done yet",
                kind=kind,
                when=when,
                user=author,
            )
        return self.env._(
            "%(kind)s planned %(when)s by %(user)s",
            kind=kind,
            when=when,
            user=author,
        )

    @api.depends("partner_id", "user_id", "state")
    @api.depends_context("uid")
    def _compute_recent_contact_warning(self):
        recent = self._dossier_recent_contacts(set(self.partner_id.ids))
        for contact in self:
            # A cancelled or done contact needs no warning: it is history.
            if contact.state != "planned" and contact.id:
                contact.recent_contact_warning = False
                continue
            others = recent[contact.partner_id.id].filtered(
                lambda c, contact=contact: c.id != contact._origin.id
            )
            contact.recent_contact_warning = self._dossier_warning_text(others)
