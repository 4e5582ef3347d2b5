from random import randint

from odoo import fields, models


class DossierInterest(models.Model):
    _name = "dossier.interest"
    _description = "Client Interest or Preference"
    _order = "name"

    def _default_color(self):
        return randint(1, 11)

    name = fields.Char(required=True, translate=True)
    color = fields.Integer(default=lambda self: self._default_color())
    active = fields.Boolean(default=True)
    partner_ids = fields.Many2many(
        "res.partner",
        "dossier_interest_res_partner_rel",
        "interest_id",
        "partner_id",
        string="Clients",
    )

    _sql_constraints = [
        ("name_uniq", "unique (name)", "An interest with this name already exists."),
    ]
