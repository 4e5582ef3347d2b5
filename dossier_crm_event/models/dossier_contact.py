from odoo import api, fields, models
from odoo.addons.dossier_crm.models.link_access import (
    AUTOMATION,
    check_created_links,
    check_written_links,
)
from odoo.tools import SQL

# Set by the follow-up planner only (see event.registration): a user who
# could set it would mark a registration as followed up.
LINKS = {"event_registration_id": AUTOMATION}


class DossierContact(models.Model):
    _inherit = "dossier.contact"

    # The registration a follow-up was planned for: the link keeps it to one
    # follow-up per registration, and the unique index (see init) keeps it so
    # when two users confirm the same registration at once.
    event_registration_id = fields.Many2one(
        "event.registration",
        string="Event registration",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="The event registration this follow-up contact was planned for.",
    )

    def init(self):
        res = super().init()
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS"
                " dossier_contact_event_registration_uniq"
                " ON dossier_contact (event_registration_id)"
                " WHERE event_registration_id IS NOT NULL"
            )
        )
        return res

    @api.model_create_multi
    def create(self, vals_list):
        contacts = super().create(vals_list)
        check_created_links(contacts, LINKS)
        return contacts

    def write(self, vals):
        check_written_links(self, vals, LINKS)
        return super().write(vals)
