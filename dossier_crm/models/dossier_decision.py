from odoo import api, fields, models
from odoo.exceptions import ValidationError


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
        for vals in vals_list:
            if not vals.get("user_id"):
                raise ValidationError(
                    self.env._(
                        "The decision “%(name)s” needs an owner: who carries it out?",
                        name=vals.get("name") or "",
                    )
                )
        return super().create(vals_list)

    def write(self, vals):
        if "user_id" in vals and not vals["user_id"]:
            raise ValidationError(self.env._("A decision cannot lose its owner."))
        return super().write(vals)

    def action_done(self):
        self.write({"state": "done"})

    def action_cancel(self):
        self.write({"state": "cancelled"})

    def action_reopen(self):
        self.write({"state": "open"})
