from odoo import api, fields, models
from odoo.tools import SQL

MAILING_KINDS = [
    ("mailing_sent", "Mailing sent"),
    ("mailing_opened", "Mailing opened"),
    ("mailing_clicked", "Mailing clicked"),
    ("mailing_bounced", "Mailing bounced"),
]


class DossierHistory(models.Model):
    _inherit = "dossier.history"
    # What the sources below read: flushed before the view is queried.
    _depends = {
        "mailing.trace": [
            "create_date",
            "email",
            "links_click_datetime",
            "mass_mailing_id",
            "open_datetime",
            "sent_datetime",
            "trace_status",
            "trace_type",
        ],
        "mailing.mailing": ["subject", "user_id"],
        "res.partner": ["active", "email_normalized"],
    }

    kind = fields.Selection(
        selection_add=MAILING_KINDS,
        ondelete={kind: "cascade" for kind, _label in MAILING_KINDS},
    )

    @api.model
    def _history_sources(self):
        """What happened to the mailings the client's people received."""
        return [
            *super()._history_sources(),
            self._history_mailing_select(
                "mailing_sent",
                30,
                SQL("t.sent_datetime"),
                SQL("t.sent_datetime IS NOT NULL"),
            ),
            self._history_mailing_select(
                "mailing_opened",
                31,
                SQL("t.open_datetime"),
                SQL("t.open_datetime IS NOT NULL"),
            ),
            # The last click: mailing.trace keeps no other.
            self._history_mailing_select(
                "mailing_clicked",
                32,
                SQL("t.links_click_datetime"),
                SQL("t.links_click_datetime IS NOT NULL"),
            ),
            # Odoo keeps no bounce date: a bounce comes back within minutes of
            # the sending.
            self._history_mailing_select(
                "mailing_bounced",
                33,
                SQL("COALESCE(t.sent_datetime, t.create_date)"),
                SQL("t.trace_status = 'bounce'"),
            ),
        ]

    @api.model
    def _history_mailing_select(self, kind, code, date, where):
        # A line opens the trace, not the mailing: one trace per recipient
        # gives every line its own id (record id * 100 + code, which the
        # core's access check reads back), and its form shows the mailing,
        # the address and the status. Traces and mailings have the same
        # access rights (email marketing users) and no record rule, so the
        # trace protects exactly what the mailing would. The person is found
        # by the address (res.partner._dossier_email_person), whatever list
        # or model the mailing was sent to.
        Partner = self.env["res.partner"]
        return self._history_select(
            kind,
            code,
            "mailing.trace",
            SQL(
                "mailing_trace t JOIN mailing_mailing m ON m.id = t.mass_mailing_id %s",
                Partner._dossier_email_person(SQL("t.email"), "person"),
            ),
            where=SQL(
                "%s AND %s",
                self.env["mailing.trace"]._dossier_received_condition("t"),
                where,
            ),
            res_id=SQL("t.id"),
            date=date,
            partner_id=SQL("person.commercial_partner_id"),
            person_id=SQL("NULLIF(person.id, person.commercial_partner_id)"),
            user_id=SQL("m.user_id"),
            name=SQL("m.subject"),
        )
