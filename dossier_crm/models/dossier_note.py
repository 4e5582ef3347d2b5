import textwrap

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import html2plaintext


class DossierNote(models.Model):
    _name = "dossier.note"
    _description = "Client Dossier Note"
    _inherit = ["mail.thread", "dossier.client.mixin", "dossier.confidentiality.mixin"]
    _order = "create_date desc, id desc"

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

    def write(self, vals):
        # The author decides who reads a note (record rules): handing a note
        # to someone else would forge authorship, and widen or narrow who
        # reads it behind the author's back. Creating as another user is
        # refused by the record rules already.
        if "user_id" in vals and not self.env.su:
            raise AccessError(self.env._("The author of a note cannot be changed."))
        return super().write(vals)

    @api.depends("body")
    def _compute_display_name(self):
        for note in self:
            text = html2plaintext(note.body or "").strip()
            note.display_name = (
                textwrap.shorten(text, 60, placeholder="…") if text else ""
            )
