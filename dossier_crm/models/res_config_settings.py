from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dossier_recent_contact_days = fields.Integer(
        string="Recent contact window (days)",
        config_parameter="dossier_crm.recent_contact_days",
        default=7,
        help="A colleague's contact with a client within this many days, "
        "or a contact a colleague has planned, is shown as a warning "
        "to whoever opens the client or plans a contact with it.",
    )

    @api.constrains("dossier_recent_contact_days")
    def _check_dossier_recent_contact_days(self):
        for settings in self:
            if settings.dossier_recent_contact_days < 0:
                raise ValidationError(
                    self.env._("The recent contact window cannot be negative.")
                )

    dossier_birthday_followup_days = fields.Integer(
        string="Follow-up lead time (days)",
        config_parameter="dossier_crm.birthday_followup_days",
        default=7,
        help="How many days before a birthday the follow-up contact is planned; "
        "also the default for new life events.",
    )
    dossier_followup_user_id = fields.Many2one(
        "res.users",
        string="Default follow-up user",
        config_parameter="dossier_crm.followup_user_id",
        domain="[('share', '=', False)]",
        help="Receives the follow-ups of clients without a salesperson.",
    )

    @api.constrains("dossier_birthday_followup_days")
    def _check_dossier_birthday_followup_days(self):
        for settings in self:
            if settings.dossier_birthday_followup_days < 0:
                raise ValidationError(
                    self.env._("The follow-up lead time cannot be negative.")
                )

    dossier_greeting_days_ahead = fields.Integer(
        string="Greeting lead time (days)",
        config_parameter="dossier_crm.greeting_days_ahead",
        default=7,
        help="How many days before a holiday its greeting contacts are planned, "
        "for holidays created from now on.",
    )

    @api.constrains("dossier_greeting_days_ahead")
    def _check_dossier_greeting_days_ahead(self):
        for settings in self:
            if not 0 <= settings.dossier_greeting_days_ahead <= 90:
                raise ValidationError(
                    self.env._("The greeting lead time goes from 0 to 90 days.")
                )
