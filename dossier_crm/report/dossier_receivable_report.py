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
        "dossier.contact": ["partner_id", "company_id", "state", "date"],
    }

    @property
    def _table_query(self):
        # Built at each query, so that "overdue" is measured against the
        # user's today, not the day a database view was created; its
        # conditions are account.move's domains, the one definition of them.
        Move = self.env["account.move"]

        def condition(domain):
            return Move._where_calc(domain, active_test=False).where_clause

        unpaid = condition(Move._dossier_unpaid_domain())
        overdue = condition(Move._dossier_overdue_domain())
        return SQL(
            """
            SELECT MIN(account_move.id) AS id,
                   account_move.commercial_partner_id AS partner_id,
                   account_move.company_id,
                   company.currency_id,
                   partner.user_id,
                   dates.last_contact_date,
                   dates.next_contact_date,
                   SUM(account_move.amount_total_signed) AS amount_invoiced,
                   SUM(account_move.amount_total_signed
                       - account_move.amount_residual_signed) AS amount_paid,
                   SUM(account_move.amount_residual_signed) AS amount_unpaid,
                   COALESCE(SUM(account_move.amount_residual_signed)
                                FILTER (WHERE %(overdue)s), 0) AS amount_overdue,
                   COUNT(*) FILTER (WHERE account_move.move_type = 'out_invoice')
                       AS invoice_count,
                   COUNT(*) FILTER (WHERE %(unpaid)s) AS unpaid_invoice_count,
                   MIN(account_move.invoice_date_due) FILTER (WHERE %(overdue)s)
                       AS oldest_overdue_date,
                   COALESCE(%(today)s - MIN(account_move.invoice_date_due)
                                FILTER (WHERE %(overdue)s), 0) AS oldest_overdue_days
              FROM account_move
              JOIN res_partner partner
                ON partner.id = account_move.commercial_partner_id
              JOIN res_company company ON company.id = account_move.company_id
              -- The contact dates of the row's company, as on the client.
         LEFT JOIN (SELECT partner_id, company_id,
                           MAX(date) FILTER (WHERE state = 'done')
                               AS last_contact_date,
                           MIN(date) FILTER (WHERE state = 'planned')
                               AS next_contact_date
                      FROM dossier_contact
                  GROUP BY partner_id, company_id) dates
                ON dates.partner_id = account_move.commercial_partner_id
               AND dates.company_id = account_move.company_id
             WHERE %(receivable)s
          GROUP BY account_move.commercial_partner_id, account_move.company_id,
                   company.currency_id, partner.user_id,
                   dates.last_contact_date, dates.next_contact_date
            """,
            receivable=condition(Move._dossier_receivable_domain()),
            unpaid=unpaid,
            overdue=overdue,
            today=fields.Date.context_today(self),
        )

    def init(self):
        # Core has no index on account_move.commercial_partner_id: without
        # these, the amounts of one client scan every invoice of the company.
        # Partial on the receivable (and open) invoices, the only ones the
        # dossier reads, so that they stay small and cheap to maintain.
        Move = self.env["account.move"]
        receivable = Move._dossier_receivable_domain()
        # The open ones carry the amounts the filters sum: the filters read
        # the index alone, in client order, without a sort or a hash table.
        for name, domain, include in (
            ("dossier_account_move_receivable_idx", receivable, SQL()),
            (
                "dossier_account_move_open_amounts_idx",
                [*receivable, *Move._dossier_open_domain()],
                SQL(" INCLUDE (move_type, invoice_date_due, amount_residual_signed)"),
            ),
        ):
            self.env.cr.execute(
                SQL(
                    "CREATE INDEX IF NOT EXISTS %s ON account_move "
                    "(commercial_partner_id, company_id)%s WHERE %s",
                    SQL.identifier(name),
                    include,
                    self._dossier_move_condition(domain),
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
        not; the companies are restricted here instead.
        """
        if not partner_ids:
            return {}
        unpaid = self._dossier_move_condition(
            self.env["account.move"]._dossier_unpaid_domain()
        )
        overdue = self._dossier_move_condition(
            self.env["account.move"]._dossier_overdue_domain()
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT account_move.commercial_partner_id,
                       SUM(account_move.amount_total_signed * rate.rate),
                       SUM(account_move.amount_residual_signed * rate.rate),
                       SUM(account_move.amount_residual_signed * rate.rate)
                           FILTER (WHERE %(overdue)s),
                       COUNT(*) FILTER (WHERE %(unpaid)s),
                       MIN(account_move.invoice_date_due) FILTER (WHERE %(overdue)s)
                  FROM account_move
                  JOIN %(rates)s ON rate.company_id = account_move.company_id
                 WHERE %(receivable)s
                   AND account_move.commercial_partner_id IN %(partners)s
              GROUP BY account_move.commercial_partner_id
                """,
                overdue=overdue,
                unpaid=unpaid,
                rates=self._dossier_rates(),
                receivable=self._dossier_move_condition(
                    self.env["account.move"]._dossier_receivable_domain()
                ),
                partners=tuple(partner_ids),
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
    def _dossier_clients_query(self, domain, operator, value):
        """SQL selecting the clients (commercial partner ids) whose sum of
        ``amount_residual_signed`` over the invoices of ``domain``, in the
        current company's currency, compares to ``value`` with ``operator``
        (one of ``=, !=, <, <=, >, >=``) at the currency's precision: a
        subquery for a search domain, never an id list."""
        if operator not in ("=", "!=", "<", "<=", ">", ">="):
            raise ValueError(operator)
        return SQL(
            """
            SELECT client.commercial_partner_id
              FROM (SELECT account_move.commercial_partner_id,
                           SUM(account_move.amount_residual_signed * rate.rate)
                               AS amount
                      FROM account_move
                      JOIN %(rates)s ON rate.company_id = account_move.company_id
                     WHERE %(condition)s
                       AND account_move.commercial_partner_id IS NOT NULL
                  GROUP BY account_move.commercial_partner_id) AS client
             WHERE ROUND(client.amount - %(value)s::numeric, %(digits)s) %(operator)s 0
            """,
            rates=self._dossier_rates(),
            condition=self._dossier_move_condition(domain),
            value=value,
            digits=self.env.company.currency_id.decimal_places,
            operator=SQL(operator),
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
                    "selected clients: see Dossier > Contacts > Planned Contacts."
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
