from odoo import fields, models
from odoo.tools import SQL


class DossierContact(models.Model):
    _inherit = "dossier.contact"

    # What a follow-up planned by the daily job is for: the links make the job
    # idempotent, and the unique indexes keep it so across workers.
    birthday_partner_id = fields.Many2one(
        "res.partner",
        string="Birthday of",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
    )
    birthday_relation_id = fields.Many2one(
        "dossier.relation",
        string="Birthday of relation",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
    )
    birthday_year = fields.Integer(readonly=True, copy=False)
    life_event_ids = fields.One2many(
        "dossier.life.event", "followup_contact_id", string="Life events"
    )

    def init(self):
        for column in ("birthday_partner_id", "birthday_relation_id"):
            self.env.cr.execute(
                SQL(
                    "CREATE UNIQUE INDEX IF NOT EXISTS %s ON dossier_contact "
                    "(%s, birthday_year) WHERE %s IS NOT NULL",
                    SQL.identifier(f"dossier_contact_{column}_year_uniq"),
                    SQL.identifier(column),
                    SQL.identifier(column),
                )
            )
