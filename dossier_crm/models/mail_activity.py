from odoo import fields, models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    dossier_contact_id = fields.Many2one(
        "dossier.contact",
        string="Client contact",
        index="btree_not_null",
        ondelete="cascade",
        # A copy is a new activity: marking it done must not close the contact.
        copy=False,
        help="The planned contact this activity stands for: marking one done "
        "marks the other done.",
    )

    def _action_done(self, feedback=False, attachment_ids=None):
        if self.env.context.get("dossier_activity_sync"):
            return super()._action_done(
                feedback=feedback, attachment_ids=attachment_ids
            )
        contacts = self.dossier_contact_id
        # The flag keeps the unlink at the end of super() from cancelling them.
        result = super(
            MailActivity, self.with_context(dossier_activity_sync=True)
        )._action_done(feedback=feedback, attachment_ids=attachment_ids)
        # Whoever may mark the activity done (its assignee) may close the
        # contact it stands for, even without write access to that contact.
        contacts.sudo().with_context(dossier_activity_sync=True).filtered(
            lambda c: c.state == "planned"
        ).action_done()
        return result

    def unlink(self):
        contacts = self.env["dossier.contact"]
        if not self.env.context.get("dossier_activity_sync"):
            contacts = self.dossier_contact_id
        result = super().unlink()
        # Cancelling the activity of a planned contact cancels the contact.
        contacts.sudo().with_context(dossier_activity_sync=True).filtered(
            lambda c: c.state == "planned"
        ).action_cancel()
        return result
