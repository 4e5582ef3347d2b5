from odoo import api, models
from odoo.tools import SQL

# This module's index on mass_mailing's table (dropped by the uninstall hook).
EMAIL_INDEX = "dossier_mailing_trace_email_idx"


class MailingTrace(models.Model):
    _inherit = "mailing.trace"

    def init(self):
        res = super().init()
        # A client's mailings are found by its people's addresses.
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS %s"
                " ON mailing_trace (email) WHERE email IS NOT NULL",
                SQL.identifier(EMAIL_INDEX),
            )
        )
        return res

    @api.model
    def _dossier_received_condition(self, alias):
        """SQL condition on the traces as ``alias``: an email of a mailing
        that left (delivered or bounced); not the ones still waiting, failed
        before leaving or cancelled."""
        return SQL(
            "%(t)s.mass_mailing_id IS NOT NULL AND %(t)s.trace_type = 'mail'"
            " AND (%(t)s.sent_datetime IS NOT NULL OR %(t)s.trace_status = 'bounce')",
            t=SQL.identifier(alias),
        )
