from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import SQL

# This module's index on res_partner (dropped by the uninstall hook).
EMAIL_INDEX = "dossier_res_partner_email_normalized_idx"


class ResPartner(models.Model):
    _inherit = "res.partner"

    dossier_mailing_trace_ids = fields.Many2many(
        "mailing.trace",
        string="Mailings",
        compute="_compute_dossier_mailing_trace_ids",
        groups="mass_mailing.group_mass_mailing_user",
        help="Mailings the client's people (or the client) received, the "
        "latest first, with their status: delivered, opened, replied, bounced.",
    )

    def init(self):
        res = super().init()
        # Mailings reach people by their address (see _dossier_email_person):
        # one client's people's mailings, and a mailing's person, are read
        # through it.
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS %s ON res_partner (email_normalized)"
                " WHERE email_normalized IS NOT NULL",
                SQL.identifier(EMAIL_INDEX),
            )
        )
        return res

    @api.model
    def _dossier_email_person(self, email, person):
        """The one rule of who received a mailing: the SQL JOIN of
        ``res_partner`` as alias ``person`` to the active partner with the
        normalized address ``email`` (an SQL expression); when several
        partners share the address, the first created, so that a mailing
        has one person and one client."""
        return SQL(
            "JOIN res_partner %(person)s"
            " ON %(person)s.email_normalized = %(email)s AND %(person)s.active"
            " AND NOT EXISTS (SELECT 1 FROM res_partner dossier_earlier"
            " WHERE dossier_earlier.email_normalized = %(email)s"
            " AND dossier_earlier.active AND dossier_earlier.id < %(person)s.id)",
            person=SQL.identifier(person),
            email=email,
        )

    @api.depends_context("uid")
    def _compute_dossier_mailing_trace_ids(self):
        # One query for all the shown clients; the traces are then read with
        # the reader's rights (the field's group grants them).
        clients = self.commercial_partner_id
        Trace = self.env["mailing.trace"]
        rows = (
            self.env.execute_query(
                SQL(
                    "SELECT person.commercial_partner_id, t.id"
                    " FROM mailing_trace t %s"
                    " WHERE person.commercial_partner_id IN %s AND %s"
                    " ORDER BY t.sent_datetime DESC NULLS LAST, t.id DESC",
                    self._dossier_email_person(SQL("t.email"), "person"),
                    tuple(clients.ids),
                    Trace._dossier_received_condition("t"),
                )
            )
            if clients
            else []
        )
        by_client = defaultdict(list)
        for client_id, trace_id in rows:
            by_client[client_id].append(trace_id)
        for partner in self:
            partner.dossier_mailing_trace_ids = Trace.browse(
                by_client[partner.commercial_partner_id.id]
            )
