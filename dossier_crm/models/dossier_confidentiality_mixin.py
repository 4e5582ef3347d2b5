from odoo import fields, models

CONFIDENTIALITY = [
    ("all", "All dossier users"),
    ("managers", "Dossier managers"),
    ("private", "Only me"),
]


class DossierConfidentialityMixin(models.AbstractModel):
    """Who may read a record (contact, note): the record rules of each model
    enforce it, with its own notion of the author."""

    _name = "dossier.confidentiality.mixin"
    _description = "Dossier Confidentiality"

    confidentiality = fields.Selection(
        CONFIDENTIALITY,
        required=True,
        default="all",
        tracking=True,
        help="All dossier users; dossier managers and the author; or the author "
        "only. Enforced by record rules, not only hidden.",
    )
