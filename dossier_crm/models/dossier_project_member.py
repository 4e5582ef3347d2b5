from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .link_access import check_computed_written, recompute_computed_given


class DossierProjectMember(models.Model):
    _name = "dossier.project.member"
    _description = "Client Project Team Member"
    _order = "project_id, sequence, id"

    sequence = fields.Integer(default=10)
    project_id = fields.Many2one(
        "dossier.project", required=True, index=True, ondelete="cascade"
    )
    user_id = fields.Many2one(
        "res.users",
        string="Member",
        required=True,
        index=True,
        ondelete="cascade",
        domain="[('share', '=', False)]",
    )
    role = fields.Selection(
        [
            ("account_manager", "Account manager"),
            ("consultant", "Consultant"),
            ("trainer", "Trainer"),
            ("coordinator", "Coordinator"),
            ("expert", "Expert"),
            ("other", "Other"),
        ],
        required=True,
        default="consultant",
    )
    note = fields.Char(
        string="Responsibilities", help="What this member does in the project."
    )
    company_id = fields.Many2one(related="project_id.company_id", store=True)

    def _check_project_write_access(self, project_ids):
        # The record rules alone would let a user join a team it is not in: once
        # the line exists, the user is a member. So the project decides first.
        self.env["dossier.project"].browse(project_ids).check_access("write")

    @api.model_create_multi
    def create(self, vals_list):
        # The project given in the context counts too: a default is a value.
        default = self.default_get(["project_id"]).get("project_id")
        self._check_project_write_access(
            {vals.get("project_id", default) for vals in vals_list} - {False, None}
        )
        members = super().create(vals_list)
        recompute_computed_given(members, vals_list)
        return members

    def write(self, vals):
        project_ids = set(self.project_id.ids)
        if vals.get("project_id"):
            project_ids.add(vals["project_id"])
        self._check_project_write_access(project_ids)
        check_computed_written(self, vals)
        return super().write(vals)

    def unlink(self):
        self._check_project_write_access(set(self.project_id.ids))
        return super().unlink()

    @api.constrains("project_id", "user_id")
    def _check_unique_member(self):
        # Sudo cannot leak: every dossier user reads every project team, and
        # only duplicates of the lines just written are named.
        groups = self.sudo()._read_group(
            [
                ("project_id", "in", self.project_id.ids),
                ("user_id", "in", self.user_id.ids),
            ],
            ["project_id", "user_id"],
            having=[("__count", ">", 1)],
        )
        for project, user in groups:
            raise ValidationError(
                self.env._(
                    "%(user)s is in the team of “%(project)s” more than once: "
                    "give the user one line with one role.",
                    user=user.name,
                    project=project.name,
                )
            )
