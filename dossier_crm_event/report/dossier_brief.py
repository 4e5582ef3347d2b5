from odoo import models

from ..models.event_registration import CONFIRMED_STATES

# The brief stays one page: the latest few registrations; the full dossier
# keeps more.
BRIEF_EVENTS = 3
FULL_EVENTS = 10


class ReportDossierBrief(models.AbstractModel):
    _inherit = "report.dossier_crm.report_dossier_brief"

    def _brief_values(self, client):
        values = super()._brief_values(client)
        values["event_registrations"] = self._event_registrations(client)
        return values

    def _event_registrations(self, client):
        """The latest registrations of the client's people, or None for
        readers of no registration."""
        Registration = self.env["event.registration"]
        if not Registration.has_access("read"):
            return None
        return Registration.search(
            [
                ("partner_id.commercial_partner_id", "=", client.id),
                ("state", "in", CONFIRMED_STATES),
            ],
            order="event_id desc, id desc",
            limit=FULL_EVENTS if self._dossier_full else BRIEF_EVENTS,
        )
