import re
from collections import namedtuple

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .dossier_confidentiality_mixin import CONFIDENTIALITY

# The dossier's numeric settings: their ir.config_parameter key, the value used
# while none is set (or a bad one is), and the bounds a value is held within.
Setting = namedtuple("Setting", "key default minimum maximum")
RECENT_CONTACT_DAYS = Setting("dossier_crm.recent_contact_days", 7, 0, None)
FOLLOWUP_DAYS = Setting("dossier_crm.birthday_followup_days", 7, 0, None)
GREETING_DAYS_AHEAD = Setting("dossier_crm.greeting_days_ahead", 7, 0, 90)
FOLLOWUP_USER_KEY = "dossier_crm.followup_user_id"

# Activity capture: on/off switches ("0" = off; on while not set), the default
# confidentiality of captured contacts, and the email domains never a client.
CAPTURE_EMAILS_KEY = "dossier_crm.capture_emails"
CAPTURE_MEETINGS_KEY = "dossier_crm.capture_meetings"
CAPTURE_CONFIDENTIALITY_KEY = "dossier_crm.capture_confidentiality"
INTERNAL_DOMAINS_KEY = "dossier_crm.internal_email_domains"
DOMAIN_RE = re.compile(
    r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$"
)


def split_domains(text):
    """The domains of a comma- or space-separated list, lower case, without
    a leading "@"."""
    return [d.lstrip("@").lower() for d in re.split(r"[\s,;]+", text or "") if d]


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

    dossier_capture_emails = fields.Boolean(
        string="Capture emails",
        help="Log a done email contact for every message sent to a client's "
        "people from a chatter, and for every email a client sends in.",
    )
    dossier_capture_meetings = fields.Boolean(
        string="Capture meetings",
        help="Keep a contact per client company in step with every calendar "
        "meeting that has the client's people among its attendees.",
    )
    dossier_capture_confidentiality = fields.Selection(
        CONFIDENTIALITY,
        string="Confidentiality of captured contacts",
        help="Who may read the contacts logged from emails and meetings: "
        "they hold a copy of the message.",
    )
    dossier_internal_email_domains = fields.Char(
        string="Internal email domains",
        config_parameter=INTERNAL_DOMAINS_KEY,
        help="Email domains of the firm and its partners, separated by commas: "
        "people with these addresses are never taken for a client.",
    )

    @api.model
    def get_values(self):
        res = super().get_values()
        res.update(
            dossier_capture_emails=self._dossier_flag(CAPTURE_EMAILS_KEY),
            dossier_capture_meetings=self._dossier_flag(CAPTURE_MEETINGS_KEY),
            dossier_capture_confidentiality=self._dossier_capture_confidentiality(),
        )
        return res

    def set_values(self):
        res = super().set_values()
        params = self.env["ir.config_parameter"].sudo()
        params.set_param(
            CAPTURE_EMAILS_KEY, "1" if self.dossier_capture_emails else "0"
        )
        params.set_param(
            CAPTURE_MEETINGS_KEY, "1" if self.dossier_capture_meetings else "0"
        )
        params.set_param(
            CAPTURE_CONFIDENTIALITY_KEY, self.dossier_capture_confidentiality or "all"
        )
        return res

    @api.constrains("dossier_internal_email_domains")
    def _check_dossier_internal_email_domains(self):
        for settings in self:
            bad = [
                d
                for d in split_domains(settings.dossier_internal_email_domains)
                if not DOMAIN_RE.match(d)
            ]
            if bad:
                raise ValidationError(
                    self.env._(
                        "“%(domains)s” is not an email domain such as example.com.",
                        domains=", ".join(bad),
                    )
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

    @api.model
    def _dossier_flag(self, key):
        """An on/off setting: on unless set to "0".

        Read as superuser: whoever posts a message or books a meeting needs it.
        """
        value = self.env["ir.config_parameter"].sudo().get_param(key)
        return value not in ("0", "False", "false")

    @api.model
    def _dossier_capture_confidentiality(self):
        """The confidentiality of captured contacts; "all" when unset or bad.

        Read as superuser, like _dossier_flag.
        """
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param(CAPTURE_CONFIDENTIALITY_KEY)
        )
        return value if value in dict(CONFIDENTIALITY) else "all"

    @api.model
    def _dossier_internal_domains(self):
        """The email domains never taken for a client, as a set.

        Read as superuser, like _dossier_flag.
        """
        value = self.env["ir.config_parameter"].sudo().get_param(INTERNAL_DOMAINS_KEY)
        return {d for d in split_domains(value) if DOMAIN_RE.match(d)}
