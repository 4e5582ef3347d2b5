import operator

from odoo import api, fields, models

RECEIVABLE_GROUPS = (
    "dossier_crm.group_dossier_user,"
    "account.group_account_invoice,"
    "account.group_account_readonly"
)
SEARCH_OPERATORS = {
    "=": operator.eq,
    "!=": operator.ne,
    ">": operator.gt,
    ">=": operator.ge,
    "<": operator.lt,
    "<=": operator.le,
}


# The invoice side of the dossier is kept apart from the contact side of
# res_partner.py: it only reads accounting.
class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    dossier_currency_id = fields.Many2one(
        "res.currency",
        compute="_compute_dossier_currency_id",
        groups=RECEIVABLE_GROUPS,
        help="Currency of the company the user works in: the invoice amounts "
        "of the dossier are converted into it.",
    )
    dossier_amount_invoiced = fields.Monetary(
        string="Invoiced",
        currency_field="dossier_currency_id",
        compute="_compute_dossier_receivables",
        groups=RECEIVABLE_GROUPS,
        help="Posted customer invoices minus credit notes of the client, in the "
        "companies you work in.",
    )
    dossier_amount_paid = fields.Monetary(
        string="Paid",
        currency_field="dossier_currency_id",
        compute="_compute_dossier_receivables",
        groups=RECEIVABLE_GROUPS,
        help="Part of the invoiced amount already settled by payments or credit notes.",
    )
    dossier_amount_unpaid = fields.Monetary(
        string="Unpaid",
        currency_field="dossier_currency_id",
        compute="_compute_dossier_receivables",
        search="_search_dossier_amount_unpaid",
        groups=RECEIVABLE_GROUPS,
        help="What the client still owes, net of open credit notes.",
    )
    dossier_amount_overdue = fields.Monetary(
        string="Overdue",
        currency_field="dossier_currency_id",
        compute="_compute_dossier_receivables",
        search="_search_dossier_amount_overdue",
        groups=RECEIVABLE_GROUPS,
        help="Unpaid part of the invoices whose due date has passed.",
    )
    dossier_unpaid_invoice_count = fields.Integer(
        string="Unpaid Invoices",
        compute="_compute_dossier_receivables",
        groups=RECEIVABLE_GROUPS,
        help="Posted customer invoices not fully paid yet.",
    )
    dossier_oldest_overdue_days = fields.Integer(
        string="Oldest Overdue (days)",
        compute="_compute_dossier_receivables",
        groups=RECEIVABLE_GROUPS,
        help="Days since the due date of the oldest overdue invoice.",
    )

    @api.depends_context("company")
    def _compute_dossier_currency_id(self):
        self.dossier_currency_id = self.env.company.currency_id

    @api.model
    def _dossier_receivable_domain(self):
        """Posted customer invoices and credit notes of the active companies."""
        return [
            ("state", "=", "posted"),
            ("move_type", "in", ("out_invoice", "out_refund")),
            ("company_id", "in", self.env.companies.ids),
        ]

    @api.model
    def _dossier_overdue_domain(self):
        today = fields.Date.context_today(self)
        return [
            ("move_type", "=", "out_invoice"),
            ("payment_state", "in", ("not_paid", "partial")),
            ("invoice_date_due", "<", today),
        ]

    def _dossier_company_rates(self, companies):
        """Rate from each company's currency to the current company's one."""
        target_company = self.env.company
        target = target_company.currency_id
        today = fields.Date.context_today(self)
        rates = {}
        for company in companies:
            source = company.currency_id
            rates[company] = (
                1.0
                if source == target
                else source._get_conversion_rate(source, target, target_company, today)
            )
        return rates

    # The amounts depend on the companies the user works in, so they are not
    # stored: they are computed for the whole batch in three grouped queries.
    # The dependencies only refresh the cache after a change in the same
    # transaction; the values are read from the invoices every time.
    @api.depends_context("allowed_company_ids", "company")
    @api.depends(
        "invoice_ids.state",
        "invoice_ids.payment_state",
        "invoice_ids.amount_total_signed",
        "invoice_ids.amount_residual_signed",
        "invoice_ids.invoice_date_due",
    )
    def _compute_dossier_receivables(self):
        Move = self.env["account.move"].sudo()
        commercial_ids = [pid for pid in self.commercial_partner_id.ids if pid]
        base = [("commercial_partner_id", "in", commercial_ids)]
        base += self._dossier_receivable_domain()
        totals = Move._read_group(
            base,
            ["commercial_partner_id", "company_id"],
            ["amount_total_signed:sum", "amount_residual_signed:sum"],
        )
        unpaid = Move._read_group(
            [
                *base,
                ("move_type", "=", "out_invoice"),
                ("payment_state", "in", ("not_paid", "partial")),
            ],
            ["commercial_partner_id"],
            ["__count"],
        )
        overdue = Move._read_group(
            [*base, *self._dossier_overdue_domain()],
            ["commercial_partner_id", "company_id"],
            ["amount_residual_signed:sum", "invoice_date_due:min"],
        )
        companies = self.env["res.company"].browse(
            {company.id for __, company, *__ in totals}
        )
        rates = self._dossier_company_rates(companies)
        values = {}
        for commercial, company, total, residual in totals:
            vals = values.setdefault(
                commercial, dict.fromkeys(("inv", "res", "due"), 0)
            )
            vals["inv"] += total * rates[company]
            vals["res"] += residual * rates[company]
        oldest = {}
        for commercial, company, residual, due_min in overdue:
            values[commercial]["due"] += residual * rates[company]
            oldest[commercial] = min(due_min, oldest.get(commercial, due_min))
        counts = dict(unpaid)
        today = fields.Date.context_today(self)
        for partner in self:
            commercial = partner.commercial_partner_id
            vals = values.get(commercial, {})
            invoiced = vals.get("inv", 0.0)
            residual = vals.get("res", 0.0)
            partner.dossier_amount_invoiced = invoiced
            partner.dossier_amount_unpaid = residual
            partner.dossier_amount_paid = invoiced - residual
            partner.dossier_amount_overdue = vals.get("due", 0.0)
            partner.dossier_unpaid_invoice_count = counts.get(commercial, 0)
            partner.dossier_oldest_overdue_days = (
                (today - oldest[commercial]).days if commercial in oldest else 0
            )

    def _dossier_search_amount(self, operator_, value, extra_domain):
        if operator_ not in SEARCH_OPERATORS:
            return NotImplemented
        compare = SEARCH_OPERATORS[operator_]
        value = value or 0.0
        groups = (
            self.env["account.move"]
            .sudo()
            ._read_group(
                [*self._dossier_receivable_domain(), *extra_domain],
                ["commercial_partner_id", "company_id"],
                ["amount_residual_signed:sum"],
            )
        )
        rates = self._dossier_company_rates(
            self.env["res.company"].browse({company.id for __, company, __ in groups})
        )
        amounts = {}
        for commercial, company, residual in groups:
            amounts[commercial.id] = (
                amounts.get(commercial.id, 0.0) + residual * rates[company]
            )
        currency = self.env.company.currency_id
        matching = [
            pid
            for pid, amount in amounts.items()
            if compare(currency.compare_amounts(amount, value), 0)
        ]
        if compare(currency.compare_amounts(0.0, value), 0):
            # Clients without any invoice match as well: exclude the others.
            others = [pid for pid in amounts if pid not in set(matching)]
            return [("commercial_partner_id", "not in", others)]
        return [("commercial_partner_id", "in", matching)]

    # Odoo checks the groups of stored fields in a domain, not of searched
    # computed ones; the amounts are read as superuser.
    def _search_dossier_amount_unpaid(self, operator_, value):
        self.check_field_access_rights("read", ["dossier_amount_unpaid"])
        return self._dossier_search_amount(operator_, value, [])

    def _search_dossier_amount_overdue(self, operator_, value):
        self.check_field_access_rights("read", ["dossier_amount_overdue"])
        return self._dossier_search_amount(
            operator_, value, self._dossier_overdue_domain()
        )

    def _dossier_open_invoices(self, name, domain):
        self.ensure_one()
        # The amounts are public to dossier users, the invoices are not.
        self.env["account.move"].check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action.update(
            name=name,
            domain=[
                ("commercial_partner_id", "=", self.commercial_partner_id.id),
                ("state", "=", "posted"),
                ("move_type", "in", ("out_invoice", "out_refund")),
                ("payment_state", "in", ("not_paid", "partial")),
                *domain,
            ],
            context={
                "default_move_type": "out_invoice",
                "default_partner_id": self.commercial_partner_id.id,
            },
        )
        return action

    def action_dossier_open_unpaid_invoices(self):
        return self._dossier_open_invoices(self.env._("Unpaid invoices"), [])

    def action_dossier_open_overdue_invoices(self):
        return self._dossier_open_invoices(
            self.env._("Overdue invoices"), self._dossier_overdue_domain()
        )
