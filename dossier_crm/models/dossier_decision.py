from odoo import fields, models


class DossierDecision(models.Model):
    _name = "dossier.decision"
    _description = "Decision Taken in a Client Contact"
    _order = "state, deadline, id"

    contact_id = fields.Many2one(
        "dossier.contact", required=True, index=True, ondelete="cascade"
    )
    partner_id = fields.Many2one(
        related="contact_id.partner_id", string="Client", store=True, index=True
    )
    company_id = fields.Many2one(related="contact_id.company_id", store=True)
    confidentiality = fields.Selection(related="contact_id.confidentiality", store=True)
    name = fields.Char(string="Decision", required=True)
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        required=True,
        domain="[('share', '=', False)]",
        help="Who carries the decision out.",
    )
    deadline = fields.Date()
    state = fields.Selection(
        [("open", "Open"), ("done", "Done"), ("cancelled", "Cancelled")],
        required=True,
        default="open",
        index=True,
    )

    def action_done(self):
        """Mark the decisions carried out."""
        self.write({"state": "done"})

    def action_cancel(self):
        """Drop the decisions."""
        self.write({"state": "cancelled"})

    def action_reopen(self):
        """Open the decisions again."""
        self.write({"state": "open"})
