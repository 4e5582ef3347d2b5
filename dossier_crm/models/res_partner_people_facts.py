from odoo import api, fields, models


class ResPartner(models.Model):
    """A company's dossier gathers the facts recorded on its people.

    The facts stay on the person who has them (edited there); the company
    shows them read-only. They are read with the reader's rights, so record
    rules and companies keep out whatever the reader may not see.
    """

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    dossier_circle_interest_ids = fields.Many2many(
        "dossier.interest",
        string="Interests with its people's",
        compute="_compute_dossier_people_facts",
        help="The client's interests and those of its people.",
        groups="dossier_crm.group_dossier_user",
    )
    dossier_people_relation_ids = fields.Many2many(
        "dossier.relation",
        string="People around its people",
        compute="_compute_dossier_people_facts",
        groups="dossier_crm.group_dossier_user",
    )
    dossier_people_life_event_ids = fields.Many2many(
        "dossier.life.event",
        string="Life events of its people",
        compute="_compute_dossier_people_facts",
        groups="dossier_crm.group_dossier_user",
    )
    dossier_people_birthday_ids = fields.Many2many(
        "res.partner",
        string="Birthdays of its people",
        compute="_compute_dossier_people_facts",
        groups="dossier_crm.group_dossier_user",
    )

    @api.depends(
        "is_company",
        "dossier_interest_ids",
        "child_ids.dossier_interest_ids",
        "child_ids.dossier_birthdate",
        "child_ids.dossier_relation_ids",
        "child_ids.dossier_life_event_ids",
    )
    @api.depends_context("uid", "allowed_company_ids")
    def _compute_dossier_people_facts(self):
        companies = self.filtered(lambda p: p.is_company and p.id)
        # One search per kind of fact for all the companies, as the reader.
        people = self.env["res.partner"].search(
            [("parent_id", "in", companies.ids), ("type", "=", "contact")]
        )
        relations = self.env["dossier.relation"].search(
            [("partner_id", "in", people.ids)]
        )
        events = self.env["dossier.life.event"].search(
            [("partner_id", "in", people.ids)]
        )
        people_of, relations_of, events_of = {}, {}, {}
        for person in people:
            people_of.setdefault(person.parent_id.id, []).append(person.id)
        for relation in relations:
            relations_of.setdefault(relation.partner_id.parent_id.id, []).append(
                relation.id
            )
        for event in events:
            events_of.setdefault(event.partner_id.parent_id.id, []).append(event.id)

        def subset(records, ids_of, key):
            # Keep the prefetch of the whole search: one read for all companies.
            return records.browse(ids_of.get(key, ())).with_prefetch(
                records._prefetch_ids
            )

        for partner in self:
            key = partner.id if partner in companies else None
            own = subset(people, people_of, key)
            partner.dossier_circle_interest_ids = (
                partner.dossier_interest_ids | own.dossier_interest_ids
            )
            partner.dossier_people_relation_ids = subset(relations, relations_of, key)
            partner.dossier_people_life_event_ids = subset(events, events_of, key)
            partner.dossier_people_birthday_ids = own.filtered("dossier_birthdate")
