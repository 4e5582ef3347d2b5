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
    last_contact_date = fields.Datetime(
        string="Last Contact", readonly=True, aggregator="max"
    )
    next_contact_date = fields.Datetime(
        string="Next Planned Contact", readonly=True, aggregator="min"
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
        "res.partner": [
            "user_id",
            "dossier_last_contact_date",
            "dossier_next_contact_date",
        ],
    }

    @property
    def _table_query(self):
        # Built at each query, so that "overdue" is measured against the
        # user's today, not the day a database view was created.
        today = fields.Date.context_today(self)
        overdue = SQL(
            "move.move_type = 'out_invoice' AND move.payment_state IN "
            "('not_paid', 'partial') AND move.invoice_date_due < %s",
            today,
        )
        return SQL(
            """
            SELECT MIN(move.id) AS id,
                   move.commercial_partner_id AS partner_id,
                   move.company_id,
                   company.currency_id,
                   partner.user_id,
                   partner.dossier_last_contact_date AS last_contact_date,
                   partner.dossier_next_contact_date AS next_contact_date,
                   SUM(move.amount_total_signed) AS amount_invoiced,
                   SUM(move.amount_total_signed - move.amount_residual_signed)
                       AS amount_paid,
                   SUM(move.amount_residual_signed) AS amount_unpaid,
                   COALESCE(SUM(move.amount_residual_signed) FILTER (WHERE %(overdue)s),
                            0) AS amount_overdue,
                   COUNT(*) FILTER (WHERE move.move_type = 'out_invoice')
                       AS invoice_count,
                   COUNT(*) FILTER (WHERE move.move_type = 'out_invoice'
                                    AND move.payment_state IN ('not_paid', 'partial'))
                       AS unpaid_invoice_count,
                   MIN(move.invoice_date_due) FILTER (WHERE %(overdue)s)
                       AS oldest_overdue_date,
                   COALESCE(%(today)s - MIN(move.invoice_date_due)
                                FILTER (WHERE %(overdue)s), 0) AS oldest_overdue_days
              FROM account_move move
              JOIN res_partner partner ON partner.id = move.commercial_partner_id
              JOIN res_company company ON company.id = move.company_id
             WHERE move.state = 'posted'
               AND move.move_type IN ('out_invoice', 'out_refund')
          GROUP BY move.commercial_partner_id, move.company_id, company.currency_id,
                   partner.user_id, partner.dossier_last_contact_date,
                   partner.dossier_next_contact_date
            """,
            overdue=overdue,
            today=today,
        )

    @api.model
    def _reminder_summary(self, row):
        if row.currency_id.compare_amounts(row.amount_overdue, 0) > 0:
            return self.env._(
                "Payment reminder: %(amount)s overdue",
                amount=format_amount(self.env, row.amount_overdue, row.currency_id),
            )
        return self.env._(
            "Payment reminder: %(amount)s unpaid",
            amount=format_amount(self.env, row.amount_unpaid, row.currency_id),
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
        # A client whose reminder is still planned is not called twice.
        pending = {
            (partner.id, company.id)
            for partner, company in self.env["dossier.contact"]
            .sudo()
            ._read_group(
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
        contacts = self.env["dossier.contact"].create(
            [
                {
                    "partner_id": row.partner_id.id,
                    "company_id": row.company_id.id,
                    "state": "planned",
                    "channel": "phone",
                    "direction": "outbound",
                    "date": now,
                    "user_id": (row.user_id or self.env.user).id,
                    "summary": self._reminder_summary(row),
                    "payment_reminder": True,
                }
                for row in rows
            ]
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
