import textwrap

from odoo import api, fields, models
from odoo.tools import html2plaintext

from .dossier_contact import CONFIDENTIALITY


class DossierNote(models.Model):
    _name = "dossier.note"
    _description = "Client Dossier Note"
    _inherit = ["mail.thread"]
    _order = "create_date desc, id desc"

    partner_id = fields.Many2one(
        "res.partner",
        string="Client",
        required=True,
        index=True,
        ondelete="cascade",
        tracking=True,
    )
    body = fields.Html(string="Note", required=True)
    user_id = fields.Many2one(
        "res.users",
        string="Author",
        required=True,
        readonly=True,
        index=True,
        default=lambda self: self.env.user,
        help="Whoever wrote the note: the only one who sees a private note, "
        "and who may change it.",
    )
    confidentiality = fields.Selection(
        CONFIDENTIALITY,
        required=True,
        default="all",
        tracking=True,
        help="All dossier users; dossier managers and the author; or the author "
        "only. Enforced by record rules, not only hidden.",
    )

    @api.depends("body")
    def _compute_display_name(self):
        for note in self:
            text = html2plaintext(note.body or "").strip()
            note.display_name = (
                textwrap.shorten(text, 60, placeholder="…") if text else ""
            )
