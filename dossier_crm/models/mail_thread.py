from odoo import models


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    def _notify_thread(self, message, msg_vals=False, **kwargs):
        """Log the contacts with clients this message is (see
        dossier.contact.capture._capture_message), once its recipients are
        known."""
        recipients_data = super()._notify_thread(message, msg_vals=msg_vals, **kwargs)
        self.env["dossier.contact.capture"]._capture_message(
            self, message, msg_vals, recipients_data
        )
        return recipients_data
