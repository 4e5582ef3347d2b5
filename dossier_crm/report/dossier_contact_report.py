from odoo import fields, models, tools
from odoo.tools import SQL

from ..models.dossier_confidentiality_mixin import CONFIDENTIALITY
from ..models.dossier_contact import CHANNELS, DIRECTIONS, SOURCES


class DossierContactReport(models.Model):
    """Done contacts and the deals they led to, per manager, client, channel.

    One row per done contact. Each row carries 0/1 counters (linked to a deal,
    linked to a won deal) that add up in any grouping, and the matching rates
    as 0/100 values averaged by the pivot: the average of a 0/100 flag over a
    group's rows is exactly sum(flags) / rows * 100, so the rate of every cell,
    subtotal and total is the true ratio of its counts, never an average of
    the rates of its sub-groups.
    """

    _name = "dossier.contact.report"
    _description = "Contacts and Deals Analysis"
    # The pivot's rows by responsible (or client, deal): see the mixin.
    _inherit = ["dossier.group.order.mixin"]
    _auto = False
    _rec_name = "summary"
    _order = "date desc, id desc"

    contact_id = fields.Many2one("dossier.contact", readonly=True)
    summary = fields.Char(readonly=True)
    date = fields.Datetime(readonly=True)
    user_id = fields.Many2one("res.users", string="Responsible", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Client", readonly=True)
    contact_person_id = fields.Many2one(
        "res.partner", string="Person spoken to", readonly=True
    )
    country_id = fields.Many2one("res.country", readonly=True)
    channel = fields.Selection(CHANNELS, readonly=True)
    direction = fields.Selection(DIRECTIONS, readonly=True)
    source = fields.Selection(SOURCES, readonly=True)
    confidentiality = fields.Selection(CONFIDENTIALITY, readonly=True)
    create_uid = fields.Many2one("res.users", string="Logged by", readonly=True)
    lead_id = fields.Many2one("crm.lead", string="Deal", readonly=True)
    stage_id = fields.Many2one("crm.stage", string="Deal stage", readonly=True)
    campaign_id = fields.Many2one("utm.campaign", readonly=True)
    holiday_id = fields.Many2one("dossier.holiday", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    contact_count = fields.Integer(
        string="Done contacts", readonly=True, aggregator="sum"
    )
    deal_count = fields.Integer(
        string="Linked to a deal", readonly=True, aggregator="sum"
    )
    won_count = fields.Integer(
        string="Linked to a won deal", readonly=True, aggregator="sum"
    )
    deal_rate = fields.Float(
        string="Deal rate (%)",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="Share of the done contacts linked to a deal.",
    )
    won_rate = fields.Float(
        string="Conversion rate (%)",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="Share of the done contacts linked to a won deal.",
    )

    def _won_condition(self):
        # Won as crm defines it: an active deal in a won stage (the "Won"
        # filter of the pipeline), or at 100% probability (its "Won" ribbon).
        return SQL("(l.active AND (s.is_won OR l.probability >= 100))")

    def _select(self):
        return SQL(
            """
            SELECT
                c.id,
                c.id AS contact_id,
                c.summary,
                c.date,
                c.user_id,
                c.partner_id,
                c.contact_person_id,
                p.country_id,
                c.channel,
                c.direction,
                c.source,
                c.confidentiality,
                c.create_uid,
                c.lead_id,
                l.stage_id,
                c.campaign_id,
                c.holiday_id,
                c.company_id,
                1 AS contact_count,
                CASE WHEN l.id IS NOT NULL THEN 1 ELSE 0 END AS deal_count,
                CASE WHEN %(won)s THEN 1 ELSE 0 END AS won_count,
                CASE WHEN l.id IS NOT NULL THEN 100.0 ELSE 0.0 END::float8
                    AS deal_rate,
                CASE WHEN %(won)s THEN 100.0 ELSE 0.0 END::float8 AS won_rate
            """,
            won=self._won_condition(),
        )

    def _from(self):
        # Only LEFT JOINs on primary keys: PostgreSQL removes the ones a
        # query reads nothing from (the client's country for most pivots);
        # the client is required, so the rows are the same as with a JOIN.
        return SQL(
            """
            FROM dossier_contact c
            LEFT JOIN res_partner p ON p.id = c.partner_id
            LEFT JOIN crm_lead l ON l.id = c.lead_id
            LEFT JOIN crm_stage s ON s.id = l.stage_id
            """
        )

    def _where(self):
        return SQL("WHERE c.state = 'done'")

    def init(self):
        self._create_report_indexes()
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (%s %s %s)",
                SQL.identifier(self._table),
                self._select(),
                self._from(),
                self._where(),
            )
        )

    def _create_report_indexes(self):
        """Indexes of the done contacts, carrying every column the report
        reads (its groupings, the record rules' company, confidentiality and
        authors, the joined client and deal), so that PostgreSQL counts from
        an index alone, without reading the contacts: for the default pivot's
        period, by date for a manager (everyone's), by responsible and date
        for a user (his own); for the client form's "Won / Contacts" button,
        by client and responsible (a client with thousands of contacts, as a
        user, was a bitmap of all of his contacts). Partial: planning a
        contact (the jobs plan thousands) does not touch them. The first
        replaces the former index on the date alone."""
        cr = self.env.cr
        cr.execute("DROP INDEX IF EXISTS dossier_contact_done_date_idx")
        for name, key, include in (
            (
                "dossier_contact_report_done_idx",
                "date",
                "user_id, company_id, confidentiality, create_uid, partner_id, lead_id",
            ),
            (
                "dossier_contact_report_user_done_idx",
                "user_id, date",
                "company_id, partner_id, lead_id",
            ),
            (
                "dossier_contact_report_partner_done_idx",
                "partner_id, user_id",
                "company_id, confidentiality, create_uid, lead_id",
            ),
        ):
            cr.execute(
                SQL(
                    "CREATE INDEX IF NOT EXISTS %s ON dossier_contact (%s) "
                    "INCLUDE (%s) WHERE state = 'done'",
                    SQL.identifier(name),
                    SQL(key),
                    SQL(include),
                )
            )
