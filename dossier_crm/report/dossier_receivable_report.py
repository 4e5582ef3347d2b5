from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, format_amount


class DossierReceivableReport(models.Model):
    """What each client owes, per company, read from posted customer invoices."""

    _name = "dossier.receivable.report"
    _description = "Receivables by Client"
    _auto = False
    _rec_name = "partner_id"
    _order = "amount_overdue desc, amount_unpaid desc, partner_id"

    partner_id = fields.Many2one("res.partner", string="Client", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    amount_invoiced = fields.Monetary(string="Invoiced", readonly=True)
    amount_paid = fields.Monetary(string="Paid", readonly=True)
    amount_unpaid = fields.Monetary(string="Unpaid", readonly=True)
    amount_overdue = fields.Monetary(string="Overdue", readonly=True)
    invoice_count = fields.Integer(string="Invoices", readonly=True)
    unpaid_invoice_count = fields.Integer(string="Unpaid Invoices", readonly=True)
    oldest_overdue_date = fields.Date(
        string="Oldest Due Date",
        readonly=True,
        aggregator="min",
        help="Due date of the oldest overdue invoice.",
    )
    oldest_overdue_days = fields.Integer(
        string="Oldest Overdue (days)",
        readonly=True,
        aggregator="max",
        help="Days since the due date of the oldest overdue invoice.",
    )
    # The contact dates are the dossier's, not accounting's: billing users
    # outside the dossier groups do not see them.
    last_contact_date = fields.Datetime(
        string="Last Contact",
        readonly=True,
        aggregator="max",
        groups="dossier_crm.group_dossier_user",
    )
    next_contact_date = fields.Datetime(
        string="Next Planned Contact",
        readonly=True,
        aggregator="min",
        groups="dossier_crm.group_dossier_user",
    )

    _depends = {
        "account.move": [
            "state",
            "move_type",
            "company_id",
            "commercial_partner_id",
            "payment_state",
            "invoice_date_due",
            "amount_total_signed",
            "amount_residual_signed",
        ],
        "res.company": ["currency_id"],
        "res.partner": ["user_id"],
        # The contacts' dates are kept in dossier.contact.dates when the
        # contacts are written: flushing them brings the rows up to date.
        "dossier.contact": ["partner_id", "company_id", "state", "date"],
        "dossier.contact.dates": ["partner_id", "company_id", "last_date", "next_date"],
    }

    @property
    def _table_query(self):
        # Built at each query, so that "overdue" is measured against the
        # user's today, not the day a database view was created; the amounts
        # are those of _dossier_moves, the one rule of the credit notes.
        return SQL(
            """
            SELECT MIN(move.id) AS id,
                   move.commercial_partner_id AS partner_id,
                   move.company_id,
                   company.currency_id,
                   partner.user_id,
                   dates.last_date AS last_contact_date,
                   dates.next_date AS next_contact_date,
                   SUM(move.total) AS amount_invoiced,
                   SUM(move.total - move.residual) AS amount_paid,
                   SUM(move.residual) AS amount_unpaid,
                   COALESCE(SUM(move.owed) FILTER (WHERE move.is_overdue), 0)
                       AS amount_overdue,
                   COUNT(*) FILTER (WHERE move.move_type = 'out_invoice')
                       AS invoice_count,
                   COUNT(*) FILTER (WHERE move.owed > 0) AS unpaid_invoice_count,
                   MIN(move.invoice_date_due)
                       FILTER (WHERE move.is_overdue AND move.owed > 0)
                       AS oldest_overdue_date,
                   COALESCE(%(today)s - MIN(move.invoice_date_due)
                                FILTER (WHERE move.is_overdue AND move.owed > 0), 0)
                       AS oldest_overdue_days
              FROM (%(moves)s) AS move
              JOIN res_partner partner
                ON partner.id = move.commercial_partner_id
              JOIN res_company company ON company.id = move.company_id
              -- The contact dates of the row's company, as on the client:
              -- the row per client and company that dossier.contact keeps,
              -- not a grouping of every contact of the database.
         LEFT JOIN %(dates)s dates
                ON dates.partner_id = move.commercial_partner_id
               AND dates.company_id = move.company_id
          GROUP BY move.commercial_partner_id, move.company_id,
                   company.currency_id, partner.user_id,
                   dates.last_date, dates.next_date
            """,
            moves=self._dossier_moves(
                SQL("account_move.commercial_partner_id, account_move.company_id"),
                SQL("1"),
                SQL(),
                SQL("TRUE"),
                6,
            ),
            today=fields.Date.context_today(self),
            dates=SQL.identifier(self.env["dossier.contact.dates"]._table),
        )

    @api.model
    def _dossier_moves(self, client, rate, join, where, digits):
        """The client's posted invoices and credit notes, one SQL row each,
        with the one rule that keeps the figures from contradicting each other:
        the open (unmatched) credit notes of a client are its credit, applied
        to its unpaid invoices oldest due date first, as matching them would.

        Columns: ``total`` and ``residual`` (signed, times ``rate``), the flags
        ``is_unpaid`` and ``is_overdue`` (account.move's domains), and ``owed``:
        what an unpaid invoice still asks once the credit is applied (0 for
        credit notes). So Unpaid (the sum of ``residual``) is net of the
        credit, Overdue (``owed`` of the overdue ones) never exceeds it, and
        an invoice the credit covers is neither unpaid nor overdue any more.
        ``client`` is the partition of a client (its columns), ``join`` and
        ``where`` restrict the moves read.
        """
        Move = self.env["account.move"]
        unpaid = self._dossier_move_condition(Move._dossier_unpaid_domain())
        overdue = self._dossier_move_condition(Move._dossier_overdue_domain())
        return SQL(
            """
            SELECT allocated.*,
                   CASE WHEN allocated.is_unpaid
                        THEN ROUND(GREATEST(0, LEAST(allocated.residual,
                                   allocated.unpaid_to_date - allocated.credit)),
                                   %(digits)s)
                        ELSE 0 END AS owed
              FROM (SELECT account_move.id,
                           account_move.commercial_partner_id,
                           account_move.company_id,
                           account_move.move_type,
                           account_move.invoice_date_due,
                           COALESCE(%(unpaid)s, FALSE) AS is_unpaid,
                           COALESCE(%(overdue)s, FALSE) AS is_overdue,
                           account_move.amount_total_signed * %(rate)s AS total,
                           account_move.amount_residual_signed * %(rate)s
                               AS residual,
                           -COALESCE(SUM(account_move.amount_residual_signed
                                         * %(rate)s)
                                FILTER (WHERE account_move.move_type = 'out_refund')
                                OVER client, 0) AS credit,
                           SUM(account_move.amount_residual_signed * %(rate)s)
                                FILTER (WHERE %(unpaid)s)
                                OVER (client ORDER BY account_move.invoice_date_due,
                                      account_move.id ROWS UNBOUNDED PRECEDING)
                               AS unpaid_to_date
                      FROM account_move
                           %(join)s
                     WHERE %(receivable)s AND %(where)s
                    WINDOW client AS (PARTITION BY %(client)s)) AS allocated
            """,
            unpaid=unpaid,
            overdue=overdue,
            rate=rate,
            join=join,
            where=where,
            client=client,
            digits=digits,
            receivable=self._dossier_move_condition(Move._dossier_receivable_domain()),
        )

    def init(self):
        # Core has no index on account_move.commercial_partner_id: without
        # these, the amounts of one client scan every invoice of the company.
        # Partial on the receivable (and open) invoices, the only ones the
        # dossier reads, so that they stay small and cheap to maintain.
        Move = self.env["account.move"]
        receivable = Move._dossier_receivable_domain()
        cr = self.env.cr
        cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS dossier_account_move_receivable_idx "
                "ON account_move (commercial_partner_id, company_id) WHERE %s",
                self._dossier_move_condition(receivable),
            )
        )
        # The open ones, in the order of _dossier_moves' credit allocation
        # (client, due date, id) and with every column it reads: the filters
        # read this index alone, without a sort nor the table. It replaces an
        # earlier one keyed by company, which the allocation had to sort.
        cr.execute("DROP INDEX IF EXISTS dossier_account_move_open_amounts_idx")
        cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS dossier_account_move_open_due_idx "
                "ON account_move (commercial_partner_id, invoice_date_due, id) "
                "INCLUDE (company_id, move_type, payment_state, "
                "amount_residual_signed, amount_total_signed) WHERE %s",
                self._dossier_move_condition(
                    [*receivable, *Move._dossier_open_domain()]
                ),
            )
        )
        # The open credit notes, few: the clients whose credit the filters
        # apply; every other client's sign is the existence of an unpaid
        # invoice (see _dossier_clients_query).
        cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS dossier_account_move_open_credit_idx "
                "ON account_move (commercial_partner_id, company_id) WHERE %s",
                self._dossier_move_condition(
                    [*receivable, *Move._dossier_open_credit_domain()]
                ),
            )
        )

    @api.model
    def _dossier_move_condition(self, domain):
        """The SQL condition on ``account_move`` of an account.move domain."""
        return (
            self.env["account.move"]._where_calc(domain, active_test=False).where_clause
        )

    @api.model
    def _dossier_rates(self):
        """SQL rows (company_id, rate) of the companies the user works in: the
        rate converts a company's amounts into the current company's currency
        at today's rate, the one multi-currency rule of the dossier."""
        target_company = self.env.company
        target = target_company.currency_id
        today = fields.Date.context_today(self)
        rows = []
        for company in self.env.companies:
            source = company.currency_id
            rate = (
                1.0
                if source == target
                else source._get_conversion_rate(source, target, target_company, today)
            )
            rows.append(SQL("(%s, %s::numeric)", company.id, rate))
        return SQL("(VALUES %s) AS rate(company_id, rate)", SQL(", ").join(rows))

    @api.model
    def _dossier_totals(self, partner_ids):
        """The invoice figures of the clients ``partner_ids`` over the companies
        the user works in, in the current company's currency, by client id:
        ``invoiced``, ``unpaid``, ``overdue`` (sums), ``unpaid_count`` and
        ``oldest_overdue`` (the earliest due date of an overdue invoice).

        One query over the client's own invoices (partial index), whatever
        the number of clients or of the company's invoices. As raw SQL: the
        amounts are public to dossier users, the invoices and this report are
        not; the companies are restricted here instead. The figures follow
        the credit note rule of _dossier_moves.
        """
        if not partner_ids:
            return {}
        self.env.cr.execute(
            SQL(
                """
                SELECT move.commercial_partner_id,
                       SUM(move.total),
                       SUM(move.residual),
                       SUM(move.owed) FILTER (WHERE move.is_overdue),
                       COUNT(*) FILTER (WHERE move.owed > 0),
                       MIN(move.invoice_date_due)
                           FILTER (WHERE move.is_overdue AND move.owed > 0)
                  FROM (%(moves)s) AS move
              GROUP BY move.commercial_partner_id
                """,
                moves=self._dossier_moves(
                    SQL("account_move.commercial_partner_id"),
                    SQL("rate.rate"),
                    SQL(
                        "JOIN %s ON rate.company_id = account_move.company_id",
                        self._dossier_rates(),
                    ),
                    SQL(
                        "account_move.commercial_partner_id IN %s",
                        tuple(partner_ids),
                    ),
                    self.env.company.currency_id.decimal_places,
                ),
            )
        )
        return {
            pid: {
                "invoiced": float(invoiced or 0.0),
                "unpaid": float(unpaid_sum or 0.0),
                "overdue": float(overdue_sum or 0.0),
                "unpaid_count": count,
                "oldest_overdue": oldest,
            }
            for pid, invoiced, unpaid_sum, overdue_sum, count, oldest in (
                self.env.cr.fetchall()
            )
        }

    @api.model
    def _dossier_credit_clients(self):
        """SQL of the clients with an open credit note in the companies the
        user works in: the only clients whose credit the rule of
        _dossier_moves has to apply (a small partial index, see init())."""
        Move = self.env["account.move"]
        return SQL(
            "SELECT account_move.commercial_partner_id FROM account_move "
            "WHERE %s AND account_move.company_id IN %s "
            "AND account_move.commercial_partner_id IS NOT NULL",
            self._dossier_move_condition(
                [
                    *Move._dossier_receivable_domain(),
                    *Move._dossier_open_credit_domain(),
                ]
            ),
            tuple(self.env.companies.ids),
        )

    @api.model
    def _dossier_amount_clients(self, overdue, operator, value, where):
        """SQL of the clients (among the open moves matching the SQL
        ``where``) whose Unpaid, or with ``overdue`` Overdue, amount in the
        current company's currency compares to ``value`` at the currency's
        precision. Unpaid is the sum of the open moves' residuals, credit
        notes included; Overdue is what the overdue invoices still ask once
        the credit is applied (_dossier_moves)."""
        Move = self.env["account.move"]
        digits = self.env.company.currency_id.decimal_places
        rates = SQL(
            "JOIN %s ON rate.company_id = account_move.company_id",
            self._dossier_rates(),
        )
        where = SQL(
            "account_move.commercial_partner_id IS NOT NULL AND %s AND %s",
            self._dossier_move_condition(Move._dossier_open_domain()),
            where,
        )
        if overdue:
            amounts = SQL(
                """
                SELECT move.commercial_partner_id,
                       COALESCE(SUM(move.owed) FILTER (WHERE move.is_overdue), 0)
                           AS amount
                  FROM (%s) AS move
              GROUP BY move.commercial_partner_id
                """,
                self._dossier_moves(
                    SQL("account_move.commercial_partner_id"),
                    SQL("rate.rate"),
                    rates,
                    where,
                    digits,
                ),
            )
        else:
            amounts = SQL(
                """
                SELECT account_move.commercial_partner_id,
                       SUM(account_move.amount_residual_signed * rate.rate)
                           AS amount
                  FROM account_move
                       %s
                 WHERE %s AND %s
              GROUP BY account_move.commercial_partner_id
                """,
                rates,
                self._dossier_move_condition(Move._dossier_receivable_domain()),
                where,
            )
        return SQL(
            """
            SELECT client.commercial_partner_id
              FROM (%s) AS client
             WHERE ROUND(client.amount - %s::numeric, %s) %s 0
            """,
            amounts,
            value,
            digits,
            SQL(operator),
        )

    @api.model
    def _dossier_clients_query(self, operator, value, overdue=False):
        """SQL selecting the clients (commercial partner ids) whose Unpaid, or
        with ``overdue`` Overdue, amount in the current company's currency
        compares to ``value`` with ``operator`` (one of ``=, !=, <, <=, >,
        >=``): a subquery for a search domain, never an id list."""
        if operator not in ("=", "!=", "<", "<=", ">", ">="):
            raise ValueError(operator)
        if operator == ">" and self.env.company.currency_id.is_zero(value):
            return self._dossier_owing_clients(overdue)
        return self._dossier_amount_clients(overdue, operator, value, SQL("TRUE"))

    @api.model
    def _dossier_owing_clients(self, overdue):
        """SQL of the clients whose Unpaid (``overdue``: Overdue) is above
        zero: the filters and their negations, asked per client.

        Such a client has an unpaid (overdue) invoice in the user's companies,
        asking an amount above zero (account posts no invoice with a negative
        total, and an invoice with nothing left to pay is paid). Without an
        open credit note, the rule of _dossier_moves leaves that invoice
        asking its whole residual, so its existence is the answer; only the
        few clients with an open credit note go through the sums and the
        credit rule. PostgreSQL reads the open-invoice index alone (no sum,
        no running sum), and for a page of clients probes it per client.
        """
        Move = self.env["account.move"]
        invoices = (
            Move._dossier_overdue_domain() if overdue else Move._dossier_unpaid_domain()
        )
        credit = self._dossier_credit_clients()
        return SQL(
            """
            SELECT account_move.commercial_partner_id
              FROM account_move
             WHERE %(condition)s
               AND account_move.company_id IN %(companies)s
               AND account_move.commercial_partner_id IS NOT NULL
               AND account_move.amount_residual_signed > 0
               AND (account_move.commercial_partner_id NOT IN (%(credit)s)
                    OR account_move.commercial_partner_id IN (%(credited)s))
            """,
            condition=self._dossier_move_condition(
                [*Move._dossier_receivable_domain(), *invoices]
            ),
            companies=tuple(self.env.companies.ids),
            credit=credit,
            credited=self._dossier_amount_clients(
                overdue,
                ">",
                0.0,
                SQL("account_move.commercial_partner_id IN (%s)", credit),
            ),
        )

    def _reminder_summary(self, env):
        """The summary of this row's reminder, in the language of ``env``."""
        self.ensure_one()
        if self.currency_id.compare_amounts(self.amount_overdue, 0) > 0:
            return env._(
                "Payment reminder: %(amount)s overdue",
                amount=format_amount(env, self.amount_overdue, self.currency_id),
            )
        return env._(
            "Payment reminder: %(amount)s unpaid",
            amount=format_amount(env, self.amount_unpaid, self.currency_id),
        )

    def action_plan_payment_reminder(self):
        """Plan a phone call about payment with each selected client, for the
        client's salesperson (or the current user when it has none)."""
        rows = self.filtered(
            lambda row: row.currency_id.compare_amounts(row.amount_unpaid, 0) > 0
        )
        if not rows:
            raise UserError(
                self.env._(
                    "None of the selected clients owes anything: no payment "
                    "reminder was planned."
                )
            )
        # A client whose reminder is still planned is not called twice; read
        # with the user's rights, so that the answer tells nothing about the
        # contacts he may not read.
        pending = {
            (partner.id, company.id)
            for partner, company in self.env["dossier.contact"]._read_group(
                [
                    ("payment_reminder", "=", True),
                    ("state", "=", "planned"),
                    ("partner_id", "in", rows.partner_id.ids),
                ],
                ["partner_id", "company_id"],
            )
        }
        rows = rows.filtered(
            lambda row: (row.partner_id.id, row.company_id.id) not in pending
        )
        if not rows:
            raise UserError(
                self.env._(
                    "A payment reminder is already planned with each of the "
                    "selected clients: see Dossier > Contact Log > Planned Contacts."
                )
            )
        now = fields.Datetime.now()
        contacts = self.env["dossier.contact"]._plan_contacts(
            [
                {
                    "partner": row.partner_id,
                    "users": (row.user_id, self.env.user),
                    "company": row.company_id,
                    "date": now,
                    "summary": row._reminder_summary,
                    "vals": {"payment_reminder": True},
                }
                for row in rows
            ],
            self.env._("Planned from the Receivables report."),
            source="payment_reminder",
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dossier_crm.action_dossier_contact"
        )
        action.update(
            name=self.env._("Payment reminders"),
            domain=[("id", "in", contacts.ids)],
            context={},
        )
        if len(contacts) == 1:
            action.update(res_id=contacts.id, views=[(False, "form")], view_mode="form")
        return action
