from dateutil.relativedelta import relativedelta

from odoo import fields, models

# The brief's History section: the counts of the last months by kind, and the
# latest lines other than contacts (the brief lists the last contacts already).
HISTORY_MONTHS = 12
BRIEF_HISTORY_ITEMS = 5
FULL_HISTORY_ITEMS = 20


class ReportDossierBrief(models.AbstractModel):
    _inherit = "report.dossier_crm.report_dossier_brief"

    def _brief_values(self, client):
        values = super()._brief_values(client)
        values["history"] = self._history(client)
        return values

    def _history(self, client):
        """The client's history as the reader may open it: ``counts`` (kind
        label, lines of the last months, in the kinds' order), ``items`` (the
        latest lines, contacts aside) and ``since``; None for readers of no
        history. The kinds of every installed module appear by themselves."""
        History = self.env["dossier.history"]
        if not History.has_access("read"):
            return None
        since = fields.Datetime.now() - relativedelta(months=HISTORY_MONTHS)
        client_domain = [("partner_id", "=", client.id)]
        counts = dict(
            History._read_group(
                [*client_domain, ("date", ">=", since)], ["kind"], ["__count"]
            )
        )
        kinds = History._fields["kind"]._description_selection(self.env)
        return {
            "counts": [
                (label, counts[kind]) for kind, label in kinds if kind in counts
            ],
            "items": History.search(
                [*client_domain, ("kind", "!=", "contact")],
                limit=FULL_HISTORY_ITEMS if self._dossier_full else BRIEF_HISTORY_ITEMS,
            ),
            "since": since,
        }
