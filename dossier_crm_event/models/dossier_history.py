from odoo import api, fields, models
from odoo.tools import SQL

EVENT_KINDS = [
    ("event_registered", "Event registration"),
    ("event_attended", "Event attended"),
]


class DossierHistory(models.Model):
    _inherit = "dossier.history"
    # What the sources below read: flushed before the view is queried.
    _depends = {
        "event.registration": [
            "active",
            "company_id",
            "create_date",
            "date_closed",
            "event_id",
            "partner_id",
            "state",
        ],
        "event.event": ["date_end", "name", "user_id"],
    }

    kind = fields.Selection(
        selection_add=EVENT_KINDS,
        ondelete={kind: "cascade" for kind, _label in EVENT_KINDS},
    )

    @api.model
    def _history_sources(self):
        """The registrations of the client's people (or the client itself):
        registered when confirmed, attended when marked so."""
        return [
            *super()._history_sources(),
            # Registered when entered, or when attended if that came first
            # (attendance entered after the event): never after attending.
            self._history_event_select(
                "event_registered",
                20,
                SQL("LEAST(r.create_date, r.date_closed)"),
                SQL("r.state IN ('open', 'done')"),
            ),
            # Attended when the desk marked it so; the event's end when the
            # attendance came in without that date (an import).
            self._history_event_select(
                "event_attended",
                21,
                SQL("COALESCE(r.date_closed, e.date_end)"),
                SQL("r.state = 'done'"),
            ),
        ]

    @api.model
    def _history_event_select(self, kind, code, date, where):
        # The client is the commercial partner of who booked, read through
        # the indexed res_partner column and the partial index on
        # event_registration(partner_id); anonymous registrations are no
        # client's. The event's name is its source text (a view has no
        # reader's language).
        return self._history_select(
            kind,
            code,
            "event.registration",
            SQL(
                "event_registration r"
                " JOIN res_partner p ON p.id = r.partner_id"
                " JOIN event_event e ON e.id = r.event_id"
            ),
            where=SQL("r.active AND %s", where),
            res_id=SQL("r.id"),
            date=date,
            partner_id=SQL("p.commercial_partner_id"),
            person_id=SQL("NULLIF(r.partner_id, p.commercial_partner_id)"),
            user_id=SQL("e.user_id"),
            company_id=SQL("r.company_id"),
            name=SQL("e.name->>'en_US'"),
        )
