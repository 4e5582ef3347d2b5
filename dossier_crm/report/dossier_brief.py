from datetime import datetime, time, timedelta

from odoo import api, fields, models

from ..models.dossier_project import OPEN_PROJECT_STATES

BRIEF_LAST_CONTACTS = 10
BRIEF_HORIZON_DAYS = 60


class ReportDossierBrief(models.AbstractModel):
    """The one-page brief on a client for a newcomer to the team.

    Everything is read with the reader's rights, never as superuser: record
    rules on contacts and decisions keep out of the brief whatever the reader
    may not see, exactly as in the web client.
    """

    _name = "report.dossier_crm.report_dossier_brief"
    _description = "Client Brief"

    @api.model
    def _get_report_values(self, docids, data=None):
        clients = self.env["res.partner"].browse(docids).commercial_partner_id
        return {
            "doc_ids": clients.ids,
            "doc_model": "res.partner",
            "docs": clients,
            "brief": {client.id: self._brief_values(client) for client in clients},
            "now": fields.Datetime.now(),
            "horizon_days": BRIEF_HORIZON_DAYS,
        }

    def _brief_values(self, client):
        """Sections of one client's brief; each is a recordset the reader may read.

        Other features add their sections by extending this dict.
        """
        now = fields.Datetime.now()
        today_start = datetime.combine(now.date(), time.min)
        Contact = self.env["dossier.contact"]
        return {
            "people": client.child_ids.filtered(lambda p: p.type == "contact"),
            "projects": self.env["dossier.project"].search(
                [
                    ("partner_id", "=", client.id),
                    ("state", "in", OPEN_PROJECT_STATES),
                ],
                order="date_start, id",
            ),
            "leads": self._open_leads(client),
            "decisions": self.env["dossier.decision"].search(
                [("partner_id", "=", client.id), ("state", "=", "open")],
                order="deadline, id",
            ),
            "last_contacts": Contact.search(
                [("partner_id", "=", client.id), ("state", "=", "done")],
                order="date desc, id desc",
                limit=BRIEF_LAST_CONTACTS,
            ),
            "planned_contacts": Contact.search(
                [
                    ("partner_id", "=", client.id),
                    ("state", "=", "planned"),
                    ("date", ">=", today_start),
                    ("date", "<=", now + timedelta(days=BRIEF_HORIZON_DAYS)),
                ],
                order="date, id",
            ),
        }

    def _open_leads(self, client):
        Lead = self.env["crm.lead"]
        # Readers without access to the CRM get no deals section at all.
        if not Lead.has_access("read"):
            return None
        return Lead.search(
            [
                ("partner_id", "child_of", client.id),
                "|",
                ("stage_id", "=", False),
                ("stage_id.is_won", "=", False),
            ],
            order="date_deadline, id",
        )
