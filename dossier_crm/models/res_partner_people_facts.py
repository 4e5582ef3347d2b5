from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import SQL


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
        compute="_compute_dossier_circle_interest_ids",
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

    def _dossier_people_domain(self):
        """The people of the companies among ``self`` whose facts they show."""
        companies = self.filtered(lambda p: p.is_company and p.id)
        return [("parent_id", "in", companies.ids), ("type", "=", "contact")]

    # Apart from the other facts: the lists and kanban show the interests
    # only, and pay for them alone.
    @api.depends("is_company", "dossier_interest_ids", "child_ids.dossier_interest_ids")
    @api.depends_context("uid", "allowed_company_ids")
    def _compute_dossier_circle_interest_ids(self):
        # One query for the interests of the saved partners and of all the
        # people of the companies among them, as the reader (the rules of
        # both models apply, and archived interests stay out as in a
        # many2many), then one read of those interests in their order.
        own, of_people = defaultdict(set), defaultdict(set)
        for owner, interest_id, is_own in self._dossier_circle_interest_rows():
            (own if is_own else of_people)[owner].add(interest_id)
        interests = self.env["dossier.interest"].search_fetch(
            [("id", "in", list(set().union(*own.values(), *of_people.values())))],
            # What the x2many value (active) and the tags (name, colour) read.
            ["name", "color", "active"],
        )
        for partner in self:
            if partner.id:
                mine = interests.filtered(lambda i, p=partner: i.id in own[p.id])
            else:
                # Unsaved in a form: its own interests as edited.
                mine = partner.dossier_interest_ids
            people = of_people.get(partner.id, ()) if partner.is_company else ()
            partner.dossier_circle_interest_ids = mine | interests.filtered(
                lambda i, people=people: i.id in people
            )

    def _dossier_circle_interest_rows(self):
        """(partner id, interest id, whether it is the partner's own) of the
        saved partners among ``self`` and of the people of the companies
        among them (see _dossier_people_domain), as the reader."""
        ids = [partner.id for partner in self if partner.id]
        if not ids:
            return []
        field = self._fields["dossier_interest_ids"]
        people = self.env["res.partner"]._search(self._dossier_people_domain())
        interests = self.env["dossier.interest"]._search([])
        return self.env.execute_query(
            SQL(
                """SELECT owner, rel.%(interest)s, is_own
                  FROM (SELECT id AS owner, id AS person, TRUE AS is_own
                          FROM unnest(%(ids)s::int[]) AS id
                        UNION ALL %(people)s) AS circle
                  JOIN %(rel)s rel ON rel.%(partner)s = circle.person
                 WHERE rel.%(interest)s IN %(interests)s""",
                interest=SQL.identifier(field.column2),
                partner=SQL.identifier(field.column1),
                rel=SQL.identifier(field.relation),
                ids=ids,
                people=people.select(
                    self._field_to_sql(people.table, "parent_id", people),
                    SQL.identifier(people.table, "id"),
                    SQL("FALSE"),
                ),
                interests=interests.subselect(),
            )
        )

    @api.depends(
        "is_company",
        "child_ids.dossier_birthdate",
        "child_ids.dossier_relation_ids",
        "child_ids.dossier_life_event_ids",
    )
    @api.depends_context("uid", "allowed_company_ids")
    def _compute_dossier_people_facts(self):
        # One search per kind of fact for all the companies, as the reader.
        people = self.env["res.partner"].search(self._dossier_people_domain())
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
            key = partner.id if partner.is_company and partner.id else None
            partner.dossier_people_relation_ids = subset(relations, relations_of, key)
            partner.dossier_people_life_event_ids = subset(events, events_of, key)
            partner.dossier_people_birthday_ids = subset(
                people, people_of, key
            ).filtered("dossier_birthdate")
