from odoo import api, fields, models
from odoo.tools import SQL

from .dossier_contact import DATE_SOURCE_FIELDS


class DossierContactDates(models.Model):
    """The last done and the next planned contact of a client in a company,
    one row per client and company: what the client's contact dates and
    their filters read (see res.partner), instead of grouping its contacts
    at every read, which costs as much as the client has contacts.

    Kept by dossier.contact on every path that changes a contact (create,
    write, unlink, the planners' batch insert), never written by users: each
    change recomputes the rows of the (client, company) pairs it touched
    from their contacts, as an upsert, which is idempotent. Two transactions
    touching the same client meet on its row: the unique index refuses a
    second row, and at Odoo's REPEATABLE READ the later one fails with a
    serialization error instead of overwriting the dates with its older
    snapshot (Odoo retries the request), so no write is lost."""

    _name = "dossier.contact.dates"
    _description = "Client Contact Dates per Company"
    _log_access = False
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner", string="Client", required=True, readonly=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, ondelete="cascade"
    )
    last_date = fields.Datetime(
        string="Last contact",
        readonly=True,
        help="Date of the client's last done contact in the company.",
    )
    next_date = fields.Datetime(
        string="Next contact",
        readonly=True,
        help="Date of the client's earliest planned contact in the company.",
    )

    _sql_constraints = [
        (
            "partner_company_uniq",
            "UNIQUE(partner_id, company_id)",
            "A client has one row of contact dates per company.",
        ),
    ]

    def init(self):
        # "Has planned contact": the few clients with a planned contact, by
        # index. The "not contacted" filters read most of a company's rows:
        # a scan of this narrow table, with no index on the last date, so
        # that logging a contact updates its row in place (HOT).
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS %s ON %s "
                "(company_id, next_date, partner_id) WHERE next_date IS NOT NULL",
                SQL.identifier("dossier_contact_dates_next_idx"),
                SQL.identifier(self._table),
            )
        )
        # At every install and update of the module: the rows of existing
        # contacts, and any row gone stale by a change made in SQL.
        self._dossier_fill()

    @api.model
    def _dossier_fill(self):
        """Recompute every row from the contacts, in one statement (the
        module's install and update; data loaded in SQL)."""
        self.env["dossier.contact"].flush_model(DATE_SOURCE_FIELDS)
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO %(table)s AS dates
                       (partner_id, company_id, last_date, next_date)
                SELECT partner_id, company_id,
                       MAX(date) FILTER (WHERE state = 'done'),
                       MIN(date) FILTER (WHERE state = 'planned')
                  FROM (SELECT partner_id, company_id, state, date
                          FROM dossier_contact
                         UNION ALL
                        SELECT partner_id, company_id, NULL, NULL
                          FROM %(table)s) AS source
              GROUP BY partner_id, company_id
                %(upsert)s
                """,
                table=SQL.identifier(self._table),
                upsert=self._dossier_upsert(),
            )
        )

    @api.model
    def _dossier_refresh(self, contact_ids=(), pairs=()):
        """Recompute the rows of the clients and companies of the contacts
        ``contact_ids`` as they are now, and of ``pairs`` ((client id,
        company id): where contacts were before a move or a deletion), in
        one statement whatever their number. Rows are never deleted: one
        left without contacts holds no date (a deletion could not be
        serialized with a concurrent upsert)."""
        if not contact_ids and not pairs:
            return
        self.env["dossier.contact"].flush_model(DATE_SOURCE_FIELDS)
        pairs = list(pairs)
        # Each date is read from dossier.contact's (partner_id, date) indexes:
        # the cost does not grow with the client's contacts. The rows are
        # locked in one order, so that two batches do not deadlock.
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO %(table)s AS dates
                       (partner_id, company_id, last_date, next_date)
                SELECT pair.partner_id, pair.company_id,
                       (SELECT MAX(c.date) FROM dossier_contact c
                         WHERE c.partner_id = pair.partner_id
                           AND c.company_id = pair.company_id
                           AND c.state = 'done'),
                       (SELECT MIN(c.date) FROM dossier_contact c
                         WHERE c.partner_id = pair.partner_id
                           AND c.company_id = pair.company_id
                           AND c.state = 'planned')
                  FROM (SELECT partner_id, company_id FROM dossier_contact
                         WHERE id = ANY(%(ids)s)
                         UNION
                        SELECT * FROM unnest(%(partners)s::int[],
                                             %(companies)s::int[])) AS pair
              ORDER BY pair.partner_id, pair.company_id
                %(upsert)s
                """,
                table=SQL.identifier(self._table),
                ids=list(contact_ids),
                partners=[partner for partner, __ in pairs],
                companies=[company for __, company in pairs],
                upsert=self._dossier_upsert(),
            )
        )

    @api.model
    def _dossier_upsert(self):
        # A row that keeps its dates is left as it is (no dead row version),
        # though still locked: the serialization check is the same.
        return SQL(
            """
            ON CONFLICT (partner_id, company_id) DO UPDATE
               SET last_date = EXCLUDED.last_date, next_date = EXCLUDED.next_date
             WHERE (dates.last_date, dates.next_date)
                   IS DISTINCT FROM (EXCLUDED.last_date, EXCLUDED.next_date)
            """
        )
