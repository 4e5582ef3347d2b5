import operator
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .computed_values import assign_computed
from .field_access import check_search_access

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
        help="Unpaid part of the invoices whose due date has passed, once the "
        "open credit notes are applied to the oldest invoices: never more than "
        "Unpaid.",
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

    # The amounts depend on the companies the user works in, so they are not
    # stored: they are read for the whole batch in one aggregated query on the
    # clients' own invoices (see dossier.receivable.report._dossier_totals).
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
        totals = self.env["dossier.receivable.report"]._dossier_totals(
            [pid for pid in self.commercial_partner_id.ids if pid]
        )
        today = fields.Date.context_today(self)
        # Every amount is in the current company's currency (the partners'
        # dossier_currency_id), rounded to it here (see assign_computed).
        currency = self.env.company.currency_id
        columns = defaultdict(list)
        for partner in self:
            client = totals.get(partner.commercial_partner_id.id, {})
            invoiced = client.get("invoiced", 0.0)
            unpaid = client.get("unpaid", 0.0)
            oldest = client.get("oldest_overdue")
            columns["dossier_amount_invoiced"].append(currency.round(invoiced))
            columns["dossier_amount_unpaid"].append(currency.round(unpaid))
            columns["dossier_amount_paid"].append(currency.round(invoiced - unpaid))
            columns["dossier_amount_overdue"].append(
                currency.round(client.get("overdue", 0.0))
            )
            columns["dossier_unpaid_invoice_count"].append(
                client.get("unpaid_count", 0)
            )
            columns["dossier_oldest_overdue_days"].append(
                (today - oldest).days if oldest else 0
            )
        assign_computed(self, columns)

    def _dossier_search_amount(self, operator_, value, clients_query):
        """Domain of the clients whose amount, in the current company's
        currency, compares to ``value``: ``clients_query(operator, value)``
        is the SQL of the matching clients (see dossier.receivable.report), a
        subquery on the invoices, so that the web client's search and count
        stay two cheap queries whatever the number of matching clients.

        Only open invoices (not paid yet) are summed: a paid, reversed or
        in-payment invoice has no residual amount (account computes its
        payment state from it), so the sums are those of the unpaid amount.
        """
        if operator_ not in SEARCH_OPERATORS:
            raise UserError(
                self.env._(
                    "Invoice amounts can only be compared (%(operators)s), not "
                    "searched with “%(operator)s”.",
                    operators=", ".join(SEARCH_OPERATORS),
                    operator=operator_,
                )
            )
        value = value or 0.0
        currency = self.env.company.currency_id
        if SEARCH_OPERATORS[operator_](currency.compare_amounts(0.0, value), 0):
            # Clients without any open invoice match as well: exclude the
            # others, those whose amount does not match.
            negation = {
                "=": "!=",
                "!=": "=",
                "<": ">=",
                "<=": ">",
                ">": "<=",
                ">=": "<",
            }
            query = clients_query(negation[operator_], value)
            return [("commercial_partner_id", "not in", SQL("(%s)", query))]
        query = clients_query(operator_, value)
        return [("commercial_partner_id", "in", SQL("(%s)", query))]

    # The amounts are read in SQL, whatever the invoice rights; the searches
    # check the field's groups themselves (see field_access).
    def _search_dossier_amount_unpaid(self, operator_, value):
        """Clients by what they still owe."""
        check_search_access(self, "dossier_amount_unpaid")
        return self._dossier_search_amount(
            operator_,
            value,
            self.env["dossier.receivable.report"]._dossier_clients_query,
        )

    def _search_dossier_amount_overdue(self, operator_, value):
        """Clients by what they owe past the due dates."""
        check_search_access(self, "dossier_amount_overdue")
        return self._dossier_search_amount(
            operator_,
            value,
            lambda op, val: self.env[
                "dossier.receivable.report"
            ]._dossier_clients_query(op, val, overdue=True),
        )

    def _dossier_open_invoices(self, name, domain):
        """The customer invoices of this client matching ``domain``, as a
        window action (for readers of invoices only)."""
        self.ensure_one()
        # The amounts are public to dossier users, the invoices are not.
        Move = self.env["account.move"]
        Move.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action.update(
            name=name,
            domain=[
                ("commercial_partner_id", "=", self.commercial_partner_id.id),
                *Move._dossier_receivable_domain(),
                *domain,
            ],
            context={
                "default_move_type": "out_invoice",
                "default_partner_id": self.commercial_partner_id.id,
            },
        )
        return action

    def action_dossier_open_unpaid_invoices(self):
        """Open the client's unpaid invoices."""
        return self._dossier_open_invoices(
            self.env._("Unpaid invoices"),
            self.env["account.move"]._dossier_open_domain(),
        )

    def action_dossier_open_overdue_invoices(self):
        """Open the client's overdue invoices."""
        return self._dossier_open_invoices(
            self.env._("Overdue invoices"),
            self.env["account.move"]._dossier_overdue_domain(),
        )
