from odoo import api, fields, models

from .field_access import check_domain_access

# Changing one of these moves, cancels or re-plans the meeting's contacts.
MEETING_FIELDS = {
    "name",
    "start",
    "stop",
    "start_date",
    "stop_date",
    "allday",
    "duration",
    "partner_ids",
    "attendee_ids",
    "user_id",
    "active",
    "privacy",
}


class CalendarEvent(models.Model):
    _inherit = "calendar.event"

    dossier_contact_ids = fields.One2many(
        "dossier.contact",
        "calendar_event_id",
        string="Client contacts",
        readonly=True,
        groups="dossier_crm.group_dossier_user",
        help="The contacts with the client companies invited, kept in step "
        "with the meeting.",
    )

    @api.model
    def _search(self, domain, *args, **kwargs):
        # Odoo does not check the groups of a one2many in a domain: without
        # this, ('dossier_contact_ids', '!=', False) would tell anyone which
        # meetings are with clients (see field_access).
        check_domain_access(self, domain)
        return super()._search(domain, *args, **kwargs)

    @api.model_create_multi
    def create(self, vals_list):
        events = super().create(vals_list)
        self.env["dossier.contact.capture"]._sync_meetings(events)
        return events

    def write(self, vals):
        res = super().write(vals)
        if MEETING_FIELDS.intersection(vals):
            self.env["dossier.contact.capture"]._sync_meetings(self)
        return res

    def unlink(self):
        # The contacts stay in the log, cancelled (their link is set null).
        self.env["dossier.contact.capture"]._sync_meetings(self, cancel=True)
        return super().unlink()
