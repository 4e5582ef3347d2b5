from odoo import api, fields, models

from .link_access import (
    check_computed_written,
    check_created_links,
    check_written_links,
    recompute_computed_given,
)

# A decision shows on its contact and is read by whoever reads the contact
# (record rules): it is put only on a contact the user may read.
LINKS = {"contact_id": "read"}


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

    @api.model_create_multi
    def create(self, vals_list):
        decisions = super().create(vals_list)
        check_created_links(decisions, LINKS)
        # Its confidentiality is its contact's: a default does not widen it.
        recompute_computed_given(decisions, vals_list)
        return decisions

    def write(self, vals):
        check_written_links(self, vals, LINKS)
        check_computed_written(self, vals)
        return super().write(vals)

    def action_done(self):
        """Mark the decisions carried out."""
        self.write({"state": "done"})

    def action_cancel(self):
        """Drop the decisions."""
        self.write({"state": "cancelled"})

    def action_reopen(self):
        """Open the decisions again."""
        self.write({"state": "open"})
