from collections import defaultdict

from odoo import api, fields, models

from .event_registration import CONFIRMED_STATES


class ResPartner(models.Model):
    _inherit = "res.partner"

    dossier_event_registration_ids = fields.Many2many(
        "event.registration",
        string="Events",
        compute="_compute_dossier_event_registration_ids",
        groups="event.group_event_registration_desk",
        help="Events the client's people (or the client) registered for or "
        "attended, the latest first.",
    )

    @api.depends_context("uid")
    def _compute_dossier_event_registration_ids(self):
        # One search for all the shown clients, with the reader's rights
        # (the registrations' company rule applies).
        clients = self.commercial_partner_id
        registrations = self.env["event.registration"].search(
            [
                ("partner_id.commercial_partner_id", "in", clients.ids),
                ("state", "in", CONFIRMED_STATES),
            ],
            # The event's order: its start date.
            order="event_id desc, id desc",
        )
        by_client = defaultdict(list)
        for registration in registrations:
            client = registration.partner_id.commercial_partner_id
            by_client[client.id].append(registration.id)
        for partner in self:
            partner.dossier_event_registration_ids = registrations.browse(
                by_client[partner.commercial_partner_id.id]
            )
