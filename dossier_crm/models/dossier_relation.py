from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .birthdays import birthday_key, next_occurrence

RELATION_TYPES = [
    ("spouse", "Spouse"),
    ("child", "Child"),
    ("parent", "Parent"),
    ("sibling", "Brother or sister"),
    ("assistant", "Assistant"),
    ("colleague", "Colleague"),
    ("other", "Other"),
]


class DossierRelation(models.Model):
    _name = "dossier.relation"
    _description = "Person Around a Client"
    _inherit = ["mail.thread", "dossier.client.mixin"]
    _order = "partner_id, relation_type, name, id"
    _dossier_links = {"partner_id": "read", "related_partner_id": "read"}

    name = fields.Char(required=True, tracking=True)
    related_partner_id = fields.Many2one(
        "res.partner",
        string="Contact",
        index="btree_not_null",
        ondelete="set null",
        help="The person's own contact in Odoo, if there is one.",
    )
    relation_type = fields.Selection(
        RELATION_TYPES,
        string="Relation",
        required=True,
        default="other",
        tracking=True,
    )
    birthdate = fields.Date(tracking=True)
    birthday_key = fields.Integer(
        compute="_compute_birthday_key",
        store=True,
        index=True,
        help="Month and day of the birthday (MMDD), to find upcoming birthdays.",
    )
    next_birthday = fields.Date(compute="_compute_next_birthday")
    birthday_followup = fields.Boolean(
        string="Birthday follow-up",
        tracking=True,
        help="Plan a contact for the client's salesperson before this person's "
        "birthday, every year.",
    )
    note = fields.Text()
    active = fields.Boolean(default=True)

    @api.depends("birthdate")
    def _compute_birthday_key(self):
        for relation in self:
            relation.birthday_key = birthday_key(relation.birthdate)

    @api.depends("birthdate")
    def _compute_next_birthday(self):
        today = fields.Date.context_today(self)
        for relation in self:
            relation.next_birthday = next_occurrence(relation.birthdate, today)

    def _relation_type_label(self, env=None):
        """The relation, e.g. "Spouse", in the language of ``env`` (by
        default the reader's): the one label of it everywhere."""
        self.ensure_one()
        env = env or self.env
        labels = dict(self._fields["relation_type"]._description_selection(env))
        return labels.get(self.relation_type, "")

    @api.depends("name", "relation_type", "partner_id")
    def _compute_display_name(self):
        for relation in self:
            relation.display_name = self.env._(
                "%(name)s (%(relation)s)",
                name=relation.name or "",
                relation=relation._relation_type_label(),
            )

    @api.onchange("related_partner_id")
    def _onchange_related_partner_id(self):
        person = self.related_partner_id
        if person:
            self.name = person.name
            self.birthdate = self.birthdate or person.dossier_birthdate

    @api.ondelete(at_uninstall=False)
    def _unlink_except_life_events(self):
        # Sudo cannot leak: only whether such an event exists is told.
        events = self.env["dossier.life.event"].sudo()
        if events.search_count([("relation_id", "in", self.ids)], limit=1):
            raise UserError(
                self.env._(
                    "A person with life events cannot be deleted: archive them "
                    "instead, so that the events stay about them."
                )
            )

    @api.constrains("partner_id", "related_partner_id")
    def _check_not_self(self):
        for relation in self:
            if relation.related_partner_id == relation.partner_id:
                raise ValidationError(
                    self.env._(
                        "%(client)s cannot be in a relation with themselves: "
                        "choose another person.",
                        client=relation.partner_id.display_name,
                    )
                )

    @api.constrains("birthdate", "birthday_followup")
    def _check_followup_has_birthdate(self):
        for relation in self:
            if relation.birthday_followup and not relation.birthdate:
                raise ValidationError(
                    self.env._(
                        "A birthday follow-up for %(name)s needs their birthday.",
                        name=relation.name,
                    )
                )
