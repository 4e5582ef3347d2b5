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
        # One query for the people, their relations and their life events of
        # all the companies, as the reader, each in its model's order.
        Partner = self.env["res.partner"]
        Relation = self.env["dossier.relation"]
        Event = self.env["dossier.life.event"]
        company_of, people_of = {}, defaultdict(list)
        birthdays_of, relations_of, events_of = (defaultdict(list) for __ in range(3))
        rows = self._dossier_people_fact_rows()
        for kind, owner_id, record_id, has_birthdate in rows:
            if kind == "person":
                company_of[record_id] = owner_id
                people_of[owner_id].append(record_id)
                if has_birthdate:
                    birthdays_of[owner_id].append(record_id)
            elif kind == "relation":
                relations_of[company_of[owner_id]].append(record_id)
            else:
                events_of[company_of[owner_id]].append(record_id)

        def subset(model, ids_of, key, prefetch):
            # The prefetch of all the companies: one read of each for all.
            return model.browse(ids_of.get(key, ())).with_prefetch(prefetch)

        people = tuple(company_of)
        relations = tuple(rid for ids in relations_of.values() for rid in ids)
        events = tuple(eid for ids in events_of.values() for eid in ids)
        for partner in self:
            key = partner.id if partner.is_company and partner.id else None
            partner.dossier_people_relation_ids = subset(
                Relation, relations_of, key, relations
            )
            partner.dossier_people_life_event_ids = subset(
                Event, events_of, key, events
            )
            partner.dossier_people_birthday_ids = subset(
                Partner, birthdays_of, key, people
            )

    def _dossier_people_fact_rows(self):
        """Rows (kind, owner id, record id, has a birthday) of the people of
        the companies among ``self`` (kind "person", owner: the company), of
        their relations and life events (kinds "relation" and "event", owner:
        the person), as the reader, each kind in its model's order."""
        if not self._dossier_people_domain()[0][2]:
            return []
        Relation = self.env["dossier.relation"]
        Event = self.env["dossier.life.event"]
        people = self.env["res.partner"]._search(
            self._dossier_people_domain(), order=self._order
        )
        in_people = SQL("(SELECT id FROM dossier_people)")
        relations = Relation._search(
            [("partner_id", "in", in_people)], order=Relation._order
        )
        events = Event._search([("partner_id", "in", in_people)], order=Event._order)

        def ranked(kind, query, owner, extra=None):
            return query.select(
                SQL("%s AS kind", kind),
                SQL("%s AS owner", owner),
                SQL("%s AS id", SQL.identifier(query.table, "id")),
                SQL("%s AS has_birthdate", extra or SQL("NULL::boolean")),
                SQL("ROW_NUMBER() OVER (ORDER BY %s) AS rank", query.order),
            )

        return self.env.execute_query(
            SQL(
                """WITH dossier_people AS MATERIALIZED (%s)
                SELECT kind, owner, id, has_birthdate FROM (
                    SELECT * FROM dossier_people
                    UNION ALL (%s) UNION ALL (%s)
                ) AS facts ORDER BY kind = 'person' DESC, kind, rank""",
                ranked(
                    "person",
                    people,
                    self._field_to_sql(people.table, "parent_id", people),
                    SQL(
                        "%s IS NOT NULL",
                        self._field_to_sql(people.table, "dossier_birthdate", people),
                    ),
                ),
                ranked(
                    "relation",
                    relations,
                    Relation._field_to_sql(relations.table, "partner_id", relations),
                ),
                ranked(
                    "event",
                    events,
                    Event._field_to_sql(events.table, "partner_id", events),
                ),
            )
        )
