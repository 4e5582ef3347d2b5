from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.tools import SQL

# How many lines of the client history the dossier page shows.
HISTORY_PAGE_SIZE = 20


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    dossier_history_ids = fields.Many2many(
        "dossier.history",
        string="History",
        compute="_compute_dossier_history_ids",
        groups="dossier_crm.group_dossier_user",
        help="The latest events with the client that you may open: contacts, "
        "deals, invoices and what other apps add.",
    )

    @api.depends("commercial_partner_id")
    @api.depends_context("uid", "allowed_company_ids")
    def _compute_dossier_history_ids(self):
        # The latest lines of every client in one query, whatever the number
        # of clients or of their lines: a window over the lines the reader
        # may open (dossier.history._search applies the access).
        client_ids = [cid for cid in self._dossier_commercial_ids() if cid]
        # Only the latest lines of each source can be among a client's latest
        # (see dossier.history._history_latest_lines).
        History = self.env["dossier.history"].with_context(
            dossier_history_latest=(tuple(client_ids), HISTORY_PAGE_SIZE)
        )
        query = History._search([("partner_id", "in", client_ids)])
        table = query.table
        ranked = query.select(
            SQL.identifier(table, "id"),
            SQL.identifier(table, "partner_id"),
            SQL(
                "ROW_NUMBER() OVER (PARTITION BY %s ORDER BY %s DESC, %s DESC) AS rank",
                SQL.identifier(table, "partner_id"),
                SQL.identifier(table, "date"),
                SQL.identifier(table, "id"),
            ),
        )
        rows = self.env.execute_query(
            SQL(
                "SELECT id, partner_id FROM (%s) ranked WHERE rank <= %s"
                " ORDER BY partner_id, rank",
                ranked,
                HISTORY_PAGE_SIZE,
            )
        )
        by_client = defaultdict(list)
        for line_id, client_id in rows:
            by_client[client_id].append(line_id)
        for partner in self:
            partner.dossier_history_ids = [
                Command.set(by_client[partner.commercial_partner_id.id])
            ]

    def action_dossier_open_history(self):
        """Open the client's whole history."""
        action = self._dossier_client_action("dossier_crm.action_dossier_history")
        action["display_name"] = self.env._(
            "History: %(client)s", client=self.commercial_partner_id.display_name
        )
        # The history is read-only: nothing is created from it.
        action["context"] = {}
        return action
