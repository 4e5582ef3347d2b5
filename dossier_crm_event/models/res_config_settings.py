from odoo import api, fields, models
from odoo.addons.dossier_crm.models.res_config_settings import Setting
from odoo.exceptions import ValidationError

# A confirmed registration of a client's person plans a follow-up contact:
# the switch (off while not set) and how many days after the event.
EVENT_FOLLOWUP_KEY = "dossier_crm_event.registration_followup"
EVENT_FOLLOWUP_DAYS = Setting("dossier_crm_event.registration_followup_days", 2, 0, 90)


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dossier_event_followup = fields.Boolean(
        string="Follow up event registrations",
        config_parameter=EVENT_FOLLOWUP_KEY,
        help="When a registration of a client's person is confirmed, plan a "
        "follow-up contact for the event's responsible (else the client's "
        "salesperson), once per registration.",
    )
    dossier_event_followup_days = fields.Integer(
        string="Event follow-up delay (days)",
        config_parameter=EVENT_FOLLOWUP_DAYS.key,
        default=EVENT_FOLLOWUP_DAYS.default,
        help="How many days after the event ends its follow-up contact is planned.",
    )

    @api.constrains("dossier_event_followup_days")
    def _check_dossier_event_followup_days(self):
        low, high = EVENT_FOLLOWUP_DAYS.minimum, EVENT_FOLLOWUP_DAYS.maximum
        for settings in self:
            if not low <= settings.dossier_event_followup_days <= high:
                raise ValidationError(
                    self.env._(
                        "The event follow-up delay goes from %(min)s to %(max)s days.",
                        min=low,
                        max=high,
                    )
                )

    @api.model
    def _dossier_event_followup(self):
        """Whether confirmed registrations plan a follow-up (off while unset).

        Read as superuser: whoever confirms a registration needs it.
        """
        # Sudo cannot leak: one known key, on or off.
        value = self.env["ir.config_parameter"].sudo().get_param(EVENT_FOLLOWUP_KEY)
        return value not in (False, "", "0", "False", "false")
