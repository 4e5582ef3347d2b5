from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .link_access import AUTOMATION
from .res_config_settings import FOLLOWUP_DAYS


class DossierLifeEvent(models.Model):
    _name = "dossier.life.event"
    _description = "Life Event of a Client"
    _inherit = ["mail.thread", "dossier.client.mixin"]
    _order = "date desc, id desc"
    # The follow-up is the daily job's contact (dossier.followup): a user
    # pointing an event at another contact would read its summary and move it.
    _dossier_links = {
        "partner_id": "read",
        "relation_id": "read",
        "followup_contact_id": AUTOMATION,
    }

    name = fields.Char(
        string="Event",
        required=True,
        tracking=True,
        help="What happens, e.g. 'Son starts university in Lyon'.",
    )
    date = fields.Date(required=True, index=True, tracking=True)
    relation_id = fields.Many2one(
        "dossier.relation",
        string="Person",
        index="btree_not_null",
        # Deleting the person would leave the event about nobody: refused
        # (see dossier.relation._unlink_except_life_events).
        ondelete="restrict",
        domain="[('partner_id', '=', partner_id)]",
        help="Whom the event is about, among the people around the client.",
    )
    followup_days = fields.Integer(
        string="Follow-up (days before)",
        default=lambda self: self.env["res.config.settings"]._dossier_setting(
            FOLLOWUP_DAYS
        ),
        tracking=True,
        help="How many days before the event a contact is planned for the "
        "client's salesperson.",
    )
    followup_date = fields.Date(
        string="Follow-up due",
        compute="_compute_followup_date",
        store=True,
        index=True,
    )
    followup_contact_id = fields.Many2one(
        "dossier.contact",
        string="Follow-up",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="The contact planned for this event by the daily follow-up job.",
    )
    note = fields.Text()

    @api.depends("date", "followup_days")
    def _compute_followup_date(self):
        for event in self:
            event.followup_date = event.date and event.date - timedelta(
                days=max(event.followup_days, 0)
            )

    def write(self, vals):
        """Write the events; a moved event moves its planned follow-up."""
        result = super().write(vals)
        if {"date", "followup_days"} & set(vals):
            self._reschedule_followups()
        return result

    @api.constrains("followup_days")
    def _check_followup_days(self):
        for event in self:
            if event.followup_days < 0:
                raise ValidationError(
                    self.env._(
                        "The follow-up of “%(name)s” cannot be planned %(days)s "
                        "days before it: the number of days cannot be negative.",
                        name=event.name,
                        days=event.followup_days,
                    )
                )

    @api.constrains("relation_id", "partner_id")
    def _check_relation_partner(self):
        for event in self:
            if event.relation_id and event.relation_id.partner_id != event.partner_id:
                raise ValidationError(
                    self.env._(
                        "%(person)s is not among the people around %(client)s.",
                        person=event.relation_id.name,
                        client=event.partner_id.display_name,
                    )
                )

    def _reschedule_followups(self):
        """A moved event moves its follow-up while it is still planned, to the
        planning hour of its due day (see dossier.contact._plan_contacts)."""
        today = fields.Date.context_today(self)
        # With the user's own rights: the follow-ups he may change move with
        # the event; a colleague's stays where its responsible put it.
        movable = self.followup_contact_id._filtered_access("write")
        for event in self.filtered(lambda e: e.followup_contact_id in movable):
            contact = event.followup_contact_id
            if contact.state == "planned":
                due = max(event.followup_date, today)
                contact.date = contact._dossier_planned_datetime(due, contact.user_id)
