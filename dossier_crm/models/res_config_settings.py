from collections import namedtuple

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# The dossier's numeric settings: their ir.config_parameter key, the value used
# while none is set (or a bad one is), and the bounds a value is held within.
Setting = namedtuple("Setting", "key default minimum maximum")
RECENT_CONTACT_DAYS = Setting("dossier_crm.recent_contact_days", 7, 0, None)
FOLLOWUP_DAYS = Setting("dossier_crm.birthday_followup_days", 7, 0, None)
GREETING_DAYS_AHEAD = Setting("dossier_crm.greeting_days_ahead", 7, 0, 90)
FOLLOWUP_USER_KEY = "dossier_crm.followup_user_id"


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dossier_recent_contact_days = fields.Integer(
        string="Recent contact window (days)",
        config_parameter=RECENT_CONTACT_DAYS.key,
        default=RECENT_CONTACT_DAYS.default,
        help="A colleague's contact with a client within this many days, "
        "or a contact a colleague has planned, is shown as a warning "
        "to whoever opens the client or plans a contact with it.",
    )
    dossier_birthday_followup_days = fields.Integer(
        string="Follow-up lead time (days)",
        config_parameter=FOLLOWUP_DAYS.key,
        default=FOLLOWUP_DAYS.default,
        help="How many days before a birthday the follow-up contact is planned; "
        "also the default for new life events.",
    )
    dossier_followup_user_id = fields.Many2one(
        "res.users",
        string="Default follow-up user",
        config_parameter=FOLLOWUP_USER_KEY,
        domain="[('share', '=', False)]",
        help="Receives the follow-ups of clients without a salesperson.",
    )
    dossier_greeting_days_ahead = fields.Integer(
        string="Greeting lead time (days)",
        config_parameter=GREETING_DAYS_AHEAD.key,
        default=GREETING_DAYS_AHEAD.default,
        help="How many days before a holiday its greeting contacts are planned, "
        "for holidays created from now on.",
    )

    @api.constrains("dossier_recent_contact_days")
    def _check_dossier_recent_contact_days(self):
        for settings in self:
            if settings.dossier_recent_contact_days < RECENT_CONTACT_DAYS.minimum:
                raise ValidationError(
                    self.env._("The recent contact window cannot be negative.")
                )

    @api.constrains("dossier_birthday_followup_days")
    def _check_dossier_birthday_followup_days(self):
        for settings in self:
            if settings.dossier_birthday_followup_days < FOLLOWUP_DAYS.minimum:
                raise ValidationError(
                    self.env._("The follow-up lead time cannot be negative.")
                )

    @api.constrains("dossier_greeting_days_ahead")
    def _check_dossier_greeting_days_ahead(self):
        low, high = GREETING_DAYS_AHEAD.minimum, GREETING_DAYS_AHEAD.maximum
        for settings in self:
            if not low <= settings.dossier_greeting_days_ahead <= high:
                raise ValidationError(
                    self.env._(
                        "The greeting lead time goes from %(min)s to %(max)s days.",
                        min=low,
                        max=high,
                    )
                )

    @api.model
    def _dossier_setting(self, setting):
        """The value of one of the numeric settings above, held within its
        bounds; its default while it is not set or not a number.

        Read as superuser: settings are readable by administrators only, and
        every dossier user's computations depend on them.
        """
        # Sudo cannot leak: one known key, a number.
        value = self.env["ir.config_parameter"].sudo().get_param(setting.key)
        try:
            number = int(value) if value else setting.default
        except ValueError:
            return setting.default
        if setting.minimum is not None:
            number = max(number, setting.minimum)
        if setting.maximum is not None:
            number = min(number, setting.maximum)
        return number

    @api.model
    def _dossier_followup_user(self):
        """The user receiving follow-ups of clients without a salesperson,
        while it is an active internal user; else no user.

        Read as superuser: the job's user, not an administrator, reads it.
        """
        # Sudo cannot leak: one known key, a user id.
        value = self.env["ir.config_parameter"].sudo().get_param(FOLLOWUP_USER_KEY)
        try:
            user = self.env["res.users"].sudo().browse(int(value or 0)).exists()
        except ValueError:
            user = self.env["res.users"]
        # Handed back with the caller's rights, not as superuser.
        return user.filtered(lambda u: u.active and not u.share).with_env(self.env)
