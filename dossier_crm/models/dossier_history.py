import functools
import re

from odoo import api, fields, models, tools
from odoo.tools import SQL

# Kinds of the core and their codes: a line's id is <record id> * 100 + code,
# unique across sources (glue modules: sale 10, event 20-21, mailing 30-33).
KINDS = [
    ("contact", "Contact"),
    ("deal_created", "Deal created"),
    ("deal_won", "Deal won"),
    ("deal_lost", "Deal lost"),
    ("invoice_issued", "Invoice issued"),
    ("invoice_paid", "Invoice paid"),
]
# Quoted names in a source's SQL text: the model of a source written with a
# literal res_model (see _history_source_models).
QUOTED = re.compile(r"'([a-z0-9_]+(?:\.[a-z0-9_]+)+)'")
# The kind's code in a source's id expression (see _history_select).
CODE = re.compile(r"\* 100 \+ (\d+) AS id\b")


class DossierHistory(models.Model):
    """One chronological feed of everything that happened with a client.

    A read-only SQL view: the ``UNION ALL`` of the SELECTs that
    ``_history_sources`` returns, one per kind of event. A module adds a
    source by extending ``_history_sources`` (one method, usually built with
    ``_history_select``) and its kinds by ``selection_add`` on ``kind``.

    A line is shown only to who may read the record it opens: for a user
    (not the superuser) the model reads the sources through ``_table_query``,
    each narrowed, per ``res_model``, to the ids the user's access rights and
    record rules let him read (an SQL subquery of that model), so that sources
    need no rule of their own and a line never shows, counts or groups what
    its reader could not open.
    """

    _name = "dossier.history"
    _description = "Client History"
    _auto = False
    _order = "date desc, id desc"
    # What the core's sources read: pending changes of these fields are
    # flushed before the view is queried. A glue module adds its own.
    _depends = {
        "dossier.contact": [
            "state",
            "date",
            "partner_id",
            "contact_person_id",
            "user_id",
            "company_id",
            "summary",
        ],
        "crm.lead": [
            "active",
            "company_id",
            "create_date",
            "date_closed",
            "expected_revenue",
            "name",
            "partner_id",
            "probability",
            "stage_id",
            "user_id",
            "write_date",
        ],
        "crm.stage": ["is_won"],
        "res.partner": ["commercial_partner_id"],
        "res.company": ["currency_id"],
        "account.move": [
            "amount_total_signed",
            "commercial_partner_id",
            "company_id",
            "invoice_date",
            "invoice_user_id",
            "move_type",
            "name",
            "partner_id",
            "payment_state",
            "state",
        ],
        "account.move.line": ["move_id"],
        "account.partial.reconcile": ["debit_move_id", "max_date"],
    }

    date = fields.Datetime(readonly=True)
    kind = fields.Selection(KINDS, readonly=True)
    partner_id = fields.Many2one("res.partner", string="Client", readonly=True)
    person_id = fields.Many2one(
        "res.partner",
        readonly=True,
        help="The client's person concerned: spoken to, the deal's or the "
        "invoice's contact.",
    )
    user_id = fields.Many2one("res.users", string="Responsible", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    name = fields.Char(string="Description", readonly=True)
    res_model = fields.Char(string="Document model", readonly=True)
    res_id = fields.Many2oneReference(
        string="Document", model_field="res_model", readonly=True
    )
    amount = fields.Monetary(
        currency_field="currency_id",
        readonly=True,
        help="Expected revenue of a deal, total of an invoice, in the company's "
        "currency.",
    )
    currency_id = fields.Many2one("res.currency", readonly=True)

    # ------------------------------------------------------------------
    # The view
    # ------------------------------------------------------------------

    def init(self):
        self._history_create_view()

    @api.model
    def _history_create_view(self, exclude_kinds=()):
        """(Re)build the view from the sources, but those of ``exclude_kinds``
        (as ``_history_select`` passes them): a glue module's uninstall hook
        leaves its own out, as its code is still loaded then."""
        excluded = set(exclude_kinds)
        sources = [
            source
            for source in self._history_sources()
            if not excluded.intersection(p for p in source.params if isinstance(p, str))
        ]
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (%s)",
                SQL.identifier(self._table),
                SQL(" UNION ALL ").join(sources),
            )
        )

    @api.model
    def _history_sources(self):
        """The SELECTs of the view, one per kind; see ``_history_select``."""
        return [
            self._history_contacts(),
            self._history_deals_created(),
            self._history_deals_won(),
            self._history_deals_lost(),
            self._history_invoices_issued(),
            self._history_invoices_paid(),
        ]

    @api.model
    def _history_select(
        self,
        kind,
        code,
        res_model,
        from_,
        *,
        res_id,
        date,
        partner_id,
        name,
        where=None,
        person_id=None,
        user_id=None,
        company_id=None,
        amount=None,
        currency_id=None,
    ):
        """One SELECT of the view, its columns in the view's order and types.

        :param str kind: the ``kind`` value of the lines
        :param int code: the kind's code (line id = record id * 100 + code)
        :param str res_model: the model of the record a line opens
        :param SQL from_: the FROM clause (tables and joins, without ``FROM``)
        :param SQL where: the condition (without ``WHERE``), or None
        The other arguments are SQL expressions over ``from_``; NULL when
        omitted. ``partner_id`` must be the commercial partner (the client)
        and should be an indexed column of ``from_``, so that PostgreSQL
        reads one client's lines through it; ``date`` a timestamp (UTC) or a
        date, ``amount`` in the company's currency ``currency_id``.
        """

        def expr(value):
            return SQL("NULL") if value is None else value

        return SQL(
            """
            SELECT (%(res_id)s)::bigint * 100 + %(code)s AS id,
                   (%(date)s)::timestamp AS date,
                   %(kind)s::varchar AS kind,
                   (%(partner_id)s)::integer AS partner_id,
                   (%(person_id)s)::integer AS person_id,
                   (%(user_id)s)::integer AS user_id,
                   (%(company_id)s)::integer AS company_id,
                   (%(name)s)::varchar AS name,
                   %(res_model)s::varchar AS res_model,
                   (%(res_id)s)::integer AS res_id,
                   (%(amount)s)::numeric AS amount,
                   (%(currency_id)s)::integer AS currency_id
              FROM %(from_)s
             WHERE %(where)s
            """,
            res_id=res_id,
            # A literal, not a parameter: reading lines by id keeps only the
            # sources of their codes (see _history_source_code).
            code=SQL(str(int(code))),
            date=date,
            kind=kind,
            partner_id=partner_id,
            person_id=expr(person_id),
            user_id=expr(user_id),
            company_id=expr(company_id),
            name=name,
            res_model=res_model,
            amount=expr(amount),
            currency_id=expr(currency_id),
            from_=from_,
            where=SQL("TRUE") if where is None else where,
        )

    # ------------------------------------------------------------------
    # Sources of the core
    # ------------------------------------------------------------------

    @api.model
    def _history_contacts(self):
        # Done contacts only: the history is what happened. Planned contacts
        # are the future (the dossier's "Next contact" and the planned
        # contacts of the brief), and cancelled ones never happened.
        return self._history_select(
            "contact",
            1,
            "dossier.contact",
            SQL("dossier_contact c"),
            where=SQL("c.state = 'done'"),
            res_id=SQL("c.id"),
            date=SQL("c.date"),
            partner_id=SQL("c.partner_id"),
            person_id=SQL("c.contact_person_id"),
            user_id=SQL("c.user_id"),
            company_id=SQL("c.company_id"),
            name=SQL("c.summary"),
        )

    @api.model
    def _history_deal_select(self, kind, code, date, where):
        # A deal's client is its customer's commercial partner (crm.lead has
        # no such column: read through the indexed res_partner one); the
        # person is the customer when it is not the company itself. Stage
        # and company are LEFT JOINs on primary keys, dropped when unread.
        return self._history_select(
            kind,
            code,
            "crm.lead",
            SQL(
                "crm_lead l"
                " JOIN res_partner p ON p.id = l.partner_id"
                " LEFT JOIN crm_stage s ON s.id = l.stage_id"
                " LEFT JOIN res_company rc ON rc.id = l.company_id"
            ),
            where=where,
            res_id=SQL("l.id"),
            date=date,
            partner_id=SQL("p.commercial_partner_id"),
            person_id=SQL("NULLIF(l.partner_id, p.commercial_partner_id)"),
            user_id=SQL("l.user_id"),
            company_id=SQL("l.company_id"),
            name=SQL("l.name"),
            amount=SQL("l.expected_revenue"),
            currency_id=SQL("rc.currency_id"),
        )

    @api.model
    def _history_deals_created(self):
        return self._history_deal_select("deal_created", 2, SQL("l.create_date"), None)

    @api.model
    def _history_deals_won(self):
        # Won as crm (and the Contacts and Deals report) define it; closed
        # when crm set date_closed (reaching 100%), else when last changed.
        return self._history_deal_select(
            "deal_won",
            3,
            SQL("COALESCE(l.date_closed, l.write_date)"),
            self.env["dossier.contact.report"]._won_condition(),
        )

    @api.model
    def _history_deals_lost(self):
        # Lost as crm's "Lost" filter: archived at 0% (an archived deal that
        # is not lost was merged or put away). crm sets date_closed then.
        return self._history_deal_select(
            "deal_lost",
            4,
            SQL("COALESCE(l.date_closed, l.write_date)"),
            SQL("NOT l.active AND l.probability = 0"),
        )

    @api.model
    def _history_invoice_select(self, kind, code, date, where):
        # The customer invoices the dossier counts (posted, not credit
        # notes): the same condition as the receivable amounts, so that
        # PostgreSQL reads one client's through the partial index on
        # account_move(commercial_partner_id) of dossier.receivable.report.
        Move = self.env["account.move"]
        receivable = self.env["dossier.receivable.report"]._dossier_move_condition(
            Move._dossier_receivable_domain()
        )
        return self._history_select(
            kind,
            code,
            "account.move",
            SQL(
                "account_move LEFT JOIN res_company rc"
                " ON rc.id = account_move.company_id"
            ),
            where=SQL(
                "%s AND account_move.move_type = 'out_invoice' AND %s",
                receivable,
                where,
            ),
            res_id=SQL("account_move.id"),
            # A date at noon UTC stays on its day in every time zone of the
            # readers (midnight would show the day before west of Greenwich).
            date=SQL("%s + TIME '12:00'", date),
            partner_id=SQL("account_move.commercial_partner_id"),
            person_id=SQL(
                "NULLIF(account_move.partner_id, account_move.commercial_partner_id)"
            ),
            user_id=SQL("account_move.invoice_user_id"),
            company_id=SQL("account_move.company_id"),
            name=SQL("account_move.name"),
            amount=SQL("account_move.amount_total_signed"),
            currency_id=SQL("rc.currency_id"),
        )

    @api.model
    def _history_invoices_issued(self):
        return self._history_invoice_select(
            "invoice_issued", 5, SQL("account_move.invoice_date"), SQL("TRUE")
        )

    @api.model
    def _history_invoices_paid(self):
        # Odoo keeps no "paid on" date: an invoice became paid with the last
        # reconciliation of its receivable line (payment or credit note),
        # whose date is the partial's max_date. One correlated subquery per
        # paid invoice, through the indexes on move_id and debit_move_id.
        # "In payment" counts: the client has paid, the bank has not yet
        # confirmed. A paid invoice without any reconciliation (nothing to
        # pay) was paid when issued.
        paid_on = SQL(
            """COALESCE((
                SELECT MAX(apr.max_date)
                  FROM account_move_line aml
                  JOIN account_partial_reconcile apr ON apr.debit_move_id = aml.id
                 WHERE aml.move_id = account_move.id
            ), account_move.invoice_date)"""
        )
        return self._history_invoice_select(
            "invoice_paid",
            6,
            paid_on,
            SQL("account_move.payment_state IN ('paid', 'in_payment')"),
        )

    # ------------------------------------------------------------------
    # Access: a line is readable when the record it opens is
    # ------------------------------------------------------------------

    @property
    def _table_query(self):
        # The superuser reads the view; a user reads the union of the sources
        # each narrowed to the records he may read (see
        # _history_readable_source), checked after PostgreSQL has narrowed
        # each source to the client asked. Two contexts narrow it further,
        # never widen it: the codes of lines read by id, and the latest lines
        # of the dossier tab's clients (for the superuser too).
        latest = self.env.context.get("dossier_history_latest")
        if self.env.su and not latest:
            return None
        sources = self._history_sources()
        # Lines read by id need the sources of their codes only: PostgreSQL
        # then plans one or two SELECTs instead of the whole union.
        codes = self.env.context.get("dossier_history_codes")
        if codes:
            sources = [
                source
                for source in sources
                if self._history_source_code(source) in (None, *codes)
            ]
        if not self.env.su:
            sources = [
                source
                for source in map(self._history_readable_source, sources)
                if source is not None
            ]
        if not sources:
            return SQL("SELECT * FROM %s WHERE FALSE", SQL.identifier(self._table))
        if latest:
            return self._history_latest_lines(sources, *latest)
        return SQL(" UNION ALL ").join(sources)

    @api.model
    def _history_latest_lines(self, sources, client_ids, limit):
        """The lines of ``sources`` that can be among the ``limit`` latest of
        each client of ``client_ids``: the latest ``limit`` of each source and
        client (the dossier tab, see res.partner). Each source is read in
        date order through its client's index and stops at ``limit`` lines,
        so that a client with thousands of contacts costs what one with ten
        does, instead of sorting all its lines to keep twenty."""

        def latest(source):
            return SQL(
                "(SELECT * FROM (%s) AS branch WHERE branch.partner_id = client.id"
                " ORDER BY branch.date DESC, branch.id DESC LIMIT %s)",
                source,
                limit,
            )

        return SQL(
            "SELECT line.* FROM unnest(%s::integer[]) AS client(id)"
            " CROSS JOIN LATERAL (%s) AS line",
            list(client_ids),
            SQL(" UNION ALL ").join(map(latest, sources)),
        )

    @api.model
    def _history_source_code(self, source):
        """The code of a source's lines (as ``_history_select`` writes it), or
        None for a source written otherwise (then always kept)."""
        found = CODE.search(source.code)
        return int(found.group(1)) if found else None

    @api.model
    def _history_source_models(self, source):
        """Models of the records a source's lines open: its ``res_model`` is a
        parameter (as ``_history_select`` passes it) or a quoted literal of
        its SQL. A source naming no model gives no line (fail closed)."""
        candidates = [p for p in source.params if isinstance(p, str)]
        candidates += QUOTED.findall(source.code)
        return sorted({name for name in candidates if name in self.env})

    @api.model
    def _history_readable_source(self, source):
        """``source`` narrowed to the lines whose record the user may read
        (model access, then record rules, of that model), or None when he
        reads none of its models."""
        conditions = []
        for model_name in self._history_source_models(source):
            # Archived records too: a lost deal is archived, and still the
            # user's to read when the rules let him.
            Model = self.env[model_name].with_context(active_test=False)
            if not Model.has_access("read"):
                continue
            condition = SQL("line.res_model = %s", model_name)
            readable = Model._search([])
            if readable.where_clause:
                # Each line looks its record up by primary key: a client's
                # lines cost what they are, whatever the size of the model
                # (as a semi-join, PostgreSQL would rather hash every
                # readable record of the model). CASE keeps it a lookup.
                readable.add_where(
                    SQL("%s = line.res_id", SQL.identifier(readable.table, "id"))
                )
                condition = SQL(
                    "CASE WHEN %s THEN EXISTS(%s) END",
                    condition,
                    readable.select(SQL("1")),
                )
            conditions.append(condition)
        if not conditions:
            return None
        return SQL(
            "SELECT * FROM (%s) AS line WHERE %s",
            source,
            SQL(" OR ").join(SQL("(%s)", condition) for condition in conditions),
        )

    @api.model
    def _history_res_id_condition(self, table, line_ids):
        """What ``id IN line_ids`` implies on ``res_id``, which every source
        reads through its records' primary key: without it, reading lines by
        id would compute every line of the view to find them."""
        return SQL(
            "%s IN %s",
            SQL.identifier(table, "res_id"),
            tuple({line_id // 100 for line_id in line_ids}),
        )

    def _history_for_lines(self, line_ids):
        """This model reading the lines ``line_ids`` only: through the sources
        of their codes (see _table_query)."""
        codes = tuple(sorted({line_id % 100 for line_id in line_ids}))
        return self.with_context(dossier_history_codes=codes)

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        # Lines asked by id (fetch, read, access checks) and nothing else.
        line_ids = None
        domain = list(domain or [])
        if (
            len(domain) == 1
            and isinstance(domain[0], (list, tuple))
            and tuple(domain[0][:2]) in (("id", "in"), ("id", "="))
        ):
            value = domain[0][2]
            line_ids = [value] if isinstance(value, int) else list(value or ())
            if not (line_ids and all(isinstance(i, int) for i in line_ids)):
                line_ids = None
        model = self._history_for_lines(line_ids) if line_ids else self
        query = super(DossierHistory, model)._search(
            domain, offset=offset, limit=limit, order=order
        )
        if line_ids and not query.is_empty():
            query.add_where(self._history_res_id_condition(query.table, line_ids))
        return query

    def _as_query(self, ordered=True):
        line_ids = [line_id for line_id in self._ids if isinstance(line_id, int)]
        model = self._history_for_lines(line_ids) if line_ids else self
        query = super(DossierHistory, model)._as_query(ordered=ordered)
        if line_ids:
            query.add_where(self._history_res_id_condition(query.table, line_ids))
        return query

    def exists(self):
        line_ids = [line_id for line_id in self._ids if isinstance(line_id, int)]
        if not line_ids:
            return self
        # sudo: whether lines exist, not what they hold; reading them stays
        # refused (fetch and _check_access ask the user's own lines).
        existing = set(self.sudo()._search([("id", "in", line_ids)]).get_result_ids())
        return self.browse(
            line_id
            for line_id in self._ids
            if line_id in existing or not isinstance(line_id, int)
        )

    def _check_access(self, operation):
        result = super()._check_access(operation)
        if result or self.env.su or not any(self._ids):
            return result
        forbidden = self - self.search([("id", "in", self.ids)])
        if forbidden:
            return forbidden, functools.partial(
                self.env["ir.rule"]._make_access_error, operation, forbidden
            )
        return None

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_open_record(self):
        """Open the record the line stands for, in its own form."""
        self.ensure_one()
        record = self.env[self.res_model].browse(self.res_id)
        record.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "views": [(False, "form")],
            "target": "current",
            "name": record.display_name,
        }
