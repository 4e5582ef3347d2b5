from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

FOLLOWUP_DAYS_PARAM = "dossier_crm.birthday_followup_days"
DEFAULT_FOLLOWUP_DAYS = 7


class DossierLifeEvent(models.Model):
    _name = "dossier.life.event"
    _description = "Life Event of a Client"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"

    def _default_followup_days(self):
        param = self.env["ir.config_parameter"].sudo().get_param(FOLLOWUP_DAYS_PARAM)
        try:
            return max(int(param), 0) if param else DEFAULT_FOLLOWUP_DAYS
        except ValueError:
            return DEFAULT_FOLLOWUP_DAYS

    partner_id = fields.Many2one(
        "res.partner",
        string="Client",
        required=True,
        index=True,
        ondelete="cascade",
        tracking=True,
    )
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
        ondelete="set null",
        domain="[('partner_id', '=', partner_id)]",
        help="Whom the event is about, among the people around the client.",
    )
    followup_days = fields.Integer(
        string="Follow-up (days before)",
        default=lambda self: self._default_followup_days(),
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

    @api.model
    def _check_required_vals(self, vals, creating):
        if (creating or "date" in vals) and not vals.get("date"):
            raise ValidationError(
                self.env._(
                    "The life event “%(name)s” needs a date: when does it happen?",
                    name=vals.get("name") or (self[:1].name if self else "") or "",
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_required_vals(vals, creating=True)
        return super().create(vals_list)

    def write(self, vals):
        self._check_required_vals(vals, creating=False)
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
        """A moved event moves its follow-up while it is still planned."""
        Planner = self.env["dossier.followup"]
        for event in self.filtered("followup_contact_id"):
            contact = event.followup_contact_id.sudo()
            if contact.state == "planned":
                due = max(event.followup_date, fields.Date.context_today(self))
                contact.date = Planner._followup_datetime(due, contact.user_id)
